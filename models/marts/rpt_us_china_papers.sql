-- Every US-China paper under the default territory policy (dbt var
-- territory_policy), with the strings, institutions and rules behind each of
-- its US and Chinese affiliations: the list a reviewer checks line by line,
-- and whether a reviewer has (seed review_decisions) and whether a decision
-- gave the paper its flag (int_papers_review_flags).
with

paper_countries as (

    select
        policy_id,
        paper_id,
        country_code
    from {{ ref('int_paper_countries_reported') }}

),

territory_policies as (

    select
        policy_id,
        country_code,
        reporting_country_code
    from {{ ref('territory_policies') }}

),

papers as (

    select
        paper_id,
        title,
        _source_file
    from {{ ref('dim_papers') }}

),

affiliations as (

    select
        affiliation_match_id,
        paper_id,
        source,
        author_position,
        author_name,
        affiliation_raw,
        institution_id,
        institution_name,
        country_code,
        match_method,
        evidence,
        page
    from {{ ref('fct_affiliations') }}

),

review_flags as (

    select
        paper_id,
        is_reviewed,
        is_flag_changed_by_review
    from {{ ref('int_papers_review_flags') }}

),

chosen_sources as (

    select
        paper_id,
        source
    from {{ ref('int_paper_sources_chosen') }}

),

us_china_papers as (

    select paper_id
    from paper_countries
    where
        policy_id = '{{ var("territory_policy") }}'
        and country_code in ('US', 'CN')
    group by paper_id
    having count(distinct country_code) = 2

),

reported_affiliations as (

    select
        affiliations.*,
        coalesce(
            territory_policies.reporting_country_code,
            affiliations.country_code
        ) as reporting_country_code
    from affiliations
    inner join chosen_sources
        on
            affiliations.paper_id = chosen_sources.paper_id
            and affiliations.source = chosen_sources.source
    left join territory_policies
        on
            affiliations.country_code = territory_policies.country_code
            and territory_policies.policy_id = '{{ var("territory_policy") }}'

),

final as (

    select
        reported_affiliations.affiliation_match_id,
        us_china_papers.paper_id,
        papers.title,
        reported_affiliations.reporting_country_code,
        reported_affiliations.country_code,
        reported_affiliations.source,
        reported_affiliations.author_position,
        reported_affiliations.author_name,
        reported_affiliations.affiliation_raw,
        reported_affiliations.institution_id,
        reported_affiliations.institution_name,
        reported_affiliations.match_method,
        reported_affiliations.evidence,
        reported_affiliations.page,
        papers._source_file,
        review_flags.is_reviewed,
        review_flags.is_flag_changed_by_review
    from us_china_papers
    inner join papers
        on us_china_papers.paper_id = papers.paper_id
    inner join review_flags
        on us_china_papers.paper_id = review_flags.paper_id
    inner join reported_affiliations
        on us_china_papers.paper_id = reported_affiliations.paper_id
    where reported_affiliations.reporting_country_code in ('US', 'CN')

)

select * from final
