-- A review decision names a paper of the warehouse (a canonical paper_id of
-- int_papers_unified, as in dim_papers). Fails naming the seed row.
with

unknown as (

    select distinct
        paper_id,
        decision,
        coalesce(cast(author_position as string), '') as author_position,
        coalesce(affiliation_raw, '') as affiliation_raw
    from {{ ref('int_review_decisions_matched') }}
    where not is_known_paper

)

-- the error sits in the filter, which dbt's count(*) wrapper still evaluates
select paper_id
from unknown
where
    {{ error_function() }}(
        'review_decisions row (' || paper_id || ', ' || author_position
        || ', ' || affiliation_raw || ', ' || decision || '): paper_id "'
        || paper_id || '" is not a paper of this warehouse (dim_papers)'
    ) is null
