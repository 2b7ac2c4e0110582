-- Each paper's US-China flag (default territory policy, var territory_policy)
-- before and after review, and whether a reviewer looked at it: what
-- rpt_us_china_papers and rpt_review_coverage count. One row per canonical
-- paper of int_papers_unified, excluded papers too. Before review is the
-- rules' result alone (int_affiliations_resolved) on the source the var
-- paper_source_precedence picks from those rows, as int_paper_sources_chosen
-- does; after review is int_paper_countries_reported (false once excluded).
with

papers_unified as (

    select
        source,
        source_paper_id,
        paper_id,
        venue,
        edition_id
    from {{ ref('int_papers_unified') }}

),

raw_affiliations as (

    select
        affiliation_id,
        paper_id,
        source
    from {{ ref('stg_raw__affiliations') }}

),

rule_rows as (

    select
        affiliation_id,
        country_code
    from {{ ref('int_affiliations_resolved') }}

),

reported as (

    select
        paper_id,
        country_code
    from {{ ref('int_paper_countries_reported') }}
    where policy_id = '{{ var("territory_policy") }}'

),

territory_policies as (

    select
        country_code,
        reporting_country_code
    from {{ ref('territory_policies') }}
    where policy_id = '{{ var("territory_policy") }}'

),

decisions as (

    select
        paper_id,
        review_decision_id
    from {{ ref('int_review_decisions_matched') }}
    where is_known_paper

),

-- the edition dim_papers gives the paper
editions as (

    select
        paper_id,
        edition_id,
        row_number() over (
            partition by paper_id
            order by
                venue = 'unknown' asc,
                source = 'pdf' desc,
                edition_id asc
        ) as edition_rank
    from papers_unified

),

rule_countries as (

    select
        papers_unified.paper_id,
        papers_unified.source,
        rule_rows.country_code
    from rule_rows
    inner join raw_affiliations
        on rule_rows.affiliation_id = raw_affiliations.affiliation_id
    inner join papers_unified
        on
            raw_affiliations.source = papers_unified.source
            and raw_affiliations.paper_id = papers_unified.source_paper_id

),

rule_sources as (

    select
        papers_unified.paper_id,
        papers_unified.source,
        count(rule_countries.country_code) > 0 as has_resolved
    from papers_unified
    left join rule_countries
        on
            papers_unified.paper_id = rule_countries.paper_id
            and papers_unified.source = rule_countries.source
    group by papers_unified.paper_id, papers_unified.source

),

rule_sources_ranked as (

    select
        paper_id,
        source,
        row_number() over (
            partition by paper_id
            order by
                has_resolved desc,
                source = '{{ var("paper_source_precedence") }}' desc,
                source asc
        ) as source_rank
    from rule_sources

),

flagged_before as (

    select rule_countries.paper_id
    from rule_countries
    inner join rule_sources_ranked
        on
            rule_countries.paper_id = rule_sources_ranked.paper_id
            and rule_countries.source = rule_sources_ranked.source
    left join territory_policies
        on rule_countries.country_code = territory_policies.country_code
    where
        (
            rule_sources_ranked.source_rank = 1
            or '{{ var("paper_source_precedence") }}' = 'union'
        )
        and coalesce(
            territory_policies.reporting_country_code,
            rule_countries.country_code
        ) in ('US', 'CN')
    group by rule_countries.paper_id
    having
        count(distinct coalesce(
            territory_policies.reporting_country_code,
            rule_countries.country_code
        )) = 2

),

flagged_after as (

    select paper_id
    from reported
    where country_code in ('US', 'CN')
    group by paper_id
    having count(distinct country_code) = 2

),

reviewed as (

    select
        paper_id,
        count(distinct review_decision_id) as count_decisions
    from decisions
    group by paper_id

),

excluded as (

    select distinct paper_id
    from {{ ref('int_review_decisions_matched') }}
    where decision = 'exclude_paper' and is_known_paper

),

final as (

    select
        editions.paper_id,
        editions.edition_id,
        excluded.paper_id is not null as is_excluded,
        reviewed.paper_id is not null as is_reviewed,
        coalesce(reviewed.count_decisions, 0) as count_decisions,
        flagged_before.paper_id is not null as is_us_china_before_review,
        flagged_after.paper_id is not null as is_us_china,
        (flagged_before.paper_id is not null)
        != (flagged_after.paper_id is not null) as is_flag_changed_by_review
    from editions
    left join excluded
        on editions.paper_id = excluded.paper_id
    left join reviewed
        on editions.paper_id = reviewed.paper_id
    left join flagged_before
        on editions.paper_id = flagged_before.paper_id
    left join flagged_after
        on editions.paper_id = flagged_after.paper_id
    where editions.edition_rank = 1

)

select * from final
