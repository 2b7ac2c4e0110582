-- First cut of the headline: what the corpus holds. The collaboration and
-- mention figures (US-China papers, Llama papers, ...) join this table once
-- institutions and countries are resolved.
with

papers as (

    select
        paper_id,
        count_authors,
        count_affiliations,
        has_unlinked_affiliation
    from {{ ref('dim_papers') }}

),

ingest_errors as (

    select
        _source_sha256,
        paper_id
    from {{ ref('stg_raw__ingest_errors') }}

),

figures as (

    select
        1 as sort_order,
        'papers' as metric,
        count(*) as figure,
        'PDFs that became a row in dim_papers' as definition
    from papers

    union all

    select
        2 as sort_order,
        'papers_with_authors' as metric,
        count(*) filter (where count_authors > 0) as figure,
        'papers with at least one author name parsed from page 1' as definition
    from papers

    union all

    select
        3 as sort_order,
        'papers_with_affiliations' as metric,
        count(*) filter (where count_affiliations > 0) as figure,
        'papers with at least one affiliation string' as definition
    from papers

    union all

    select
        4 as sort_order,
        'papers_with_unlinked_affiliation' as metric,
        count(*) filter (where has_unlinked_affiliation) as figure,
        'papers with an affiliation not tied to one author' as definition
    from papers

    union all

    select
        5 as sort_order,
        'files_failed' as metric,
        count(distinct _source_sha256) filter (where paper_id is null)
            as figure,
        'input files that did not become a paper (see ingest_errors)'
            as definition
    from ingest_errors

),

final as (

    select
        sort_order,
        metric,
        cast(figure as bigint) as figure,
        definition
    from figures

)

select * from final
