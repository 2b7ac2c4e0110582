-- Each paper's countries as reported under each territory policy, with the
-- paper's fractional credit per country. Credit: every author (or, for an
-- affiliation linked to no author, that affiliation) holds one equal share of
-- the paper, split equally across the countries of their affiliations.
with

affiliations as (

    select
        paper_id,
        source,
        author_position,
        affiliation_position,
        country_code
    from {{ ref('fct_affiliations') }}

),

chosen_sources as (

    select
        paper_id,
        source
    from {{ ref('int_paper_sources_chosen') }}

),

territory_policies as (

    select
        policy_id,
        country_code,
        reporting_country_code
    from {{ ref('territory_policies') }}

),

policies as (

    select distinct policy_id
    from territory_policies

),

located as (

    select distinct
        affiliations.paper_id,
        affiliations.source || ':' || coalesce(
            'author:' || cast(affiliations.author_position as string),
            'affiliation:' || cast(affiliations.affiliation_position as string)
        ) as credit_holder,
        affiliations.country_code
    from affiliations
    inner join chosen_sources
        on
            affiliations.paper_id = chosen_sources.paper_id
            and affiliations.source = chosen_sources.source
    where affiliations.country_code is not null

),

reported as (

    select distinct
        policies.policy_id,
        located.paper_id,
        located.credit_holder,
        coalesce(
            territory_policies.reporting_country_code, located.country_code
        ) as country_code
    from located
    cross join policies
    left join territory_policies
        on
            policies.policy_id = territory_policies.policy_id
            and located.country_code = territory_policies.country_code

),

holders as (

    select
        policy_id,
        paper_id,
        count(distinct credit_holder) as count_holders
    from reported
    group by policy_id, paper_id

),

weighted as (

    select
        reported.policy_id,
        reported.paper_id,
        reported.credit_holder,
        reported.country_code,
        cast(1 as double) / count(*) over (
            partition by
                reported.policy_id, reported.paper_id, reported.credit_holder
        ) as holder_share,
        holders.count_holders
    from reported
    inner join holders
        on
            reported.policy_id = holders.policy_id
            and reported.paper_id = holders.paper_id

),

final as (

    select
        policy_id,
        paper_id,
        country_code,
        count(*) as count_credit_holders,
        sum(holder_share / count_holders) as fractional_credit
    from weighted
    group by policy_id, paper_id, country_code

)

select * from final
