-- No two review decisions conflict: an affiliation gets at most one change
-- (one set_country, set_institution or not_an_affiliation value, whichever
-- rows name it), and a paper with exclude_paper has no other decision.
-- confirm goes with any change (the flags as built, review applied, are
-- right). Fails naming the decisions.
with

decisions as (

    select
        review_decision_id,
        paper_id,
        decision,
        value,
        affiliation_id
    from {{ ref('int_review_decisions_matched') }}

),

affiliation_conflicts as (

    select
        paper_id,
        affiliation_id,
        {{ sorted_string_agg(
            "decision || coalesce(' ' || value, '')", ' vs '
        ) }} as conflicting
    from decisions
    where
        affiliation_id is not null
        and decision in (
            'set_country', 'set_institution', 'not_an_affiliation'
        )
    group by paper_id, affiliation_id
    having count(distinct decision || coalesce(value, '')) > 1

),

excluded_papers as (

    select distinct paper_id
    from decisions
    where decision = 'exclude_paper'

),

exclusion_conflicts as (

    select
        decisions.paper_id,
        cast(null as string) as affiliation_id,
        {{ sorted_string_agg('decisions.review_decision_id', ' vs ') }}
            as conflicting
    from decisions
    inner join excluded_papers
        on decisions.paper_id = excluded_papers.paper_id
    group by decisions.paper_id
    having count(distinct decisions.review_decision_id) > 1

),

conflicts as (

    select * from affiliation_conflicts
    union all
    select * from exclusion_conflicts

)

-- the error sits in the filter, which dbt's count(*) wrapper still evaluates
select paper_id
from conflicts
where
    {{ error_function() }}(
        'review_decisions: paper ' || paper_id
        || coalesce(', affiliation ' || affiliation_id, '')
        || ' has conflicting decisions: ' || conflicting
    ) is null
