-- Under the broad basis, int_paper_country_bounds' figure credit must be the
-- credit int_paper_countries_reported gives the paper (the two compute it
-- separately: the bounds need every row, the bridge only located ones). Fails
-- naming the paper, policy and both credits.
with

bounds as (

    select
        policy_id,
        paper_id,
        us_credit,
        cn_credit
    from {{ ref('int_paper_country_bounds') }}
    where evidence_basis = 'broad'

),

reported as (

    select
        policy_id,
        paper_id,
        coalesce(
            sum(case when country_code = 'US' then fractional_credit end), 0
        ) as us_credit,
        coalesce(
            sum(case when country_code = 'CN' then fractional_credit end), 0
        ) as cn_credit
    from {{ ref('int_paper_countries_reported') }}
    group by policy_id, paper_id

),

different as (

    select
        bounds.policy_id || ':' || bounds.paper_id || ' US '
        || cast(bounds.us_credit as string) || ' vs '
        || cast(coalesce(reported.us_credit, 0) as string) || ', CN '
        || cast(bounds.cn_credit as string) || ' vs '
        || cast(coalesce(reported.cn_credit, 0) as string) as offending_paper
    from bounds
    left join reported
        on
            bounds.policy_id = reported.policy_id
            and bounds.paper_id = reported.paper_id
    where
        abs(bounds.us_credit - coalesce(reported.us_credit, 0)) > 1e-9
        or abs(bounds.cn_credit - coalesce(reported.cn_credit, 0)) > 1e-9

)

-- the error sits in the filter, which dbt's count(*) wrapper still evaluates
select offending_paper
from different
where
    {{ error_function() }}(
        'int_paper_country_bounds (broad) differs from '
        || 'int_paper_countries_reported: ' || offending_paper
    ) is null
