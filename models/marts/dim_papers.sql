with

papers as (

    select
        paper_id,
        title,
        page_count,
        _source_file,
        _source_sha256
    from {{ ref('stg_raw__papers') }}

),

authorships as (

    select paper_id
    from {{ ref('stg_raw__authorships') }}

),

affiliations as (

    select
        paper_id,
        author_position
    from {{ ref('stg_raw__affiliations') }}

),

resolved_affiliations as (

    select
        paper_id,
        country_code
    from {{ ref('fct_affiliations') }}

),

ingest_errors as (

    select
        paper_id,
        error_kind
    from {{ ref('stg_raw__ingest_errors') }}

),

author_counts as (

    select
        paper_id,
        count(*) as count_authors
    from authorships
    group by paper_id

),

affiliation_counts as (

    select
        paper_id,
        count(*) as count_affiliations,
        count(*) filter (where author_position is null) as count_unlinked
    from affiliations
    group by paper_id

),

resolution as (

    select
        paper_id,
        count(distinct country_code) as count_countries,
        bool_or(country_code is null) as has_unresolved_affiliation
    from resolved_affiliations
    group by paper_id

),

problems as (

    select
        paper_id,
        bool_or(error_kind = 'no_author_block') as has_no_author_block
    from ingest_errors
    where paper_id is not null
    group by paper_id

),

final as (

    select
        papers.paper_id,
        papers.title,
        papers.page_count,
        coalesce(author_counts.count_authors, 0) as count_authors,
        coalesce(affiliation_counts.count_affiliations, 0)
            as count_affiliations,
        coalesce(affiliation_counts.count_unlinked, 0) > 0
            as has_unlinked_affiliation,
        coalesce(resolution.count_countries, 0) as count_countries,
        coalesce(resolution.has_unresolved_affiliation, false)
            as has_unresolved_affiliation,
        coalesce(problems.has_no_author_block, false) as has_no_author_block,
        papers._source_file,
        papers._source_sha256
    from papers
    left join author_counts
        on papers.paper_id = author_counts.paper_id
    left join affiliation_counts
        on papers.paper_id = affiliation_counts.paper_id
    left join resolution
        on papers.paper_id = resolution.paper_id
    left join problems
        on papers.paper_id = problems.paper_id

)

select * from final
