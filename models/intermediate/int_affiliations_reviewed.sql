-- The rules' result (int_affiliations_resolved) with the review decisions
-- applied first: an affiliation a set_country, set_institution or
-- not_an_affiliation decision matches loses its rule rows; set_country and
-- set_institution give it one row with match_method review instead (the
-- country, or the institution and its country), not_an_affiliation gives it
-- none. confirm and exclude_paper change no row here (exclude_paper drops the
-- paper in int_papers_reviewed). The data tests review_decisions_* keep one
-- decision per affiliation, so a reviewed affiliation has exactly one row.
with

rule_rows as (

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        match_score,
        evidence,
        candidate_countries
    from {{ ref('int_affiliations_resolved') }}

),

decisions as (

    select
        affiliation_id,
        decision,
        value,
        reviewer,
        reviewed_at
    from {{ ref('int_review_decisions_matched') }}
    where
        affiliation_id is not null
        and decision in (
            'set_country', 'set_institution', 'not_an_affiliation'
        )

),

institutions as (

    select
        institution_id,
        country_code
    from {{ ref('institutions') }}

),

reviewed_affiliations as (

    select distinct affiliation_id
    from decisions

),

review_rows as (

    select distinct
        decisions.affiliation_id,
        case
            when decisions.decision = 'set_institution' then decisions.value
        end as institution_id,
        case
            when decisions.decision = 'set_country' then decisions.value
            else institutions.country_code
        end as country_code,
        'review' as match_method,
        cast(null as double) as match_score,
        decisions.decision || ' ' || decisions.value
        || ' (' || decisions.reviewer || ', '
        || substr(cast(decisions.reviewed_at as string), 1, 10) || ')'
            as evidence,
        cast(null as string) as candidate_countries
    from decisions
    left join institutions
        on
            decisions.decision = 'set_institution'
            and decisions.value = institutions.institution_id
    where decisions.decision != 'not_an_affiliation'

),

final as (

    select
        rule_rows.affiliation_id,
        rule_rows.institution_id,
        rule_rows.country_code,
        rule_rows.match_method,
        rule_rows.match_score,
        rule_rows.evidence,
        rule_rows.candidate_countries
    from rule_rows
    anti join reviewed_affiliations
        on rule_rows.affiliation_id = reviewed_affiliations.affiliation_id

    union all

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        match_score,
        evidence,
        candidate_countries
    from review_rows

)

select * from final
