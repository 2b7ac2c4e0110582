-- A review decision that names an author or a printed string matches at
-- least one affiliation of its paper (same author_position, the string exactly
-- as printed): one that matches nothing is a typo or a stale row. Fails
-- naming the seed row.
with

unmatched as (

    select
        review_decision_id,
        paper_id,
        coalesce(cast(author_position as string), '') as author_position,
        coalesce(affiliation_raw, '') as affiliation_raw,
        decision
    from {{ ref('int_review_decisions_matched') }}
    where is_known_paper and not is_paper_level
    group by
        review_decision_id,
        paper_id,
        author_position,
        affiliation_raw,
        decision
    having count(affiliation_id) = 0

)

-- the error sits in the filter, which dbt's count(*) wrapper still evaluates
select review_decision_id
from unmatched
where
    {{ error_function() }}(
        'review_decisions row (' || paper_id || ', ' || author_position
        || ', ' || affiliation_raw || ', ' || decision
        || '): matches no affiliation of paper ' || paper_id
        || ' (author_position and affiliation_raw as in fct_affiliations)'
    ) is null
