-- int_papers_unified without the papers a reviewer excluded (review decision
-- exclude_paper: not a paper of its edition). Every mart reads its papers
-- from here, so an excluded paper leaves dim_papers, fct_affiliations and
-- everything built on them together.
with

papers_unified as (

    select
        paper_record_id,
        source,
        source_paper_id,
        paper_id,
        match_method,
        venue,
        year,
        track,
        edition_id
    from {{ ref('int_papers_unified') }}

),

excluded_papers as (

    select distinct paper_id
    from {{ ref('review_decisions') }}
    where decision = 'exclude_paper'

),

final as (

    select
        papers_unified.paper_record_id,
        papers_unified.source,
        papers_unified.source_paper_id,
        papers_unified.paper_id,
        papers_unified.match_method,
        papers_unified.venue,
        papers_unified.year,
        papers_unified.track,
        papers_unified.edition_id
    from papers_unified
    anti join excluded_papers
        on papers_unified.paper_id = excluded_papers.paper_id

)

select * from final
