-- One row per paper, whichever sources hold it (a PDF, conference metadata or
-- both), under its canonical paper_id. Title, pages and file come from the
-- PDF when there is one; counts and flags from the source that
-- int_paper_sources_chosen picks. Its edition is its PDF's, unless the PDF's
-- venue is unknown and a metadata record names one.
with

papers as (

    select
        paper_record_id,
        title,
        page_count,
        _source_file,
        _source_sha256
    from {{ ref('stg_raw__papers') }}

),

papers_unified as (

    select
        paper_record_id,
        source,
        source_paper_id,
        paper_id,
        venue,
        edition_id
    from {{ ref('int_papers_reviewed') }}

),

authorships as (

    select
        paper_id,
        source
    from {{ ref('stg_raw__authorships') }}

),

affiliations as (

    select
        affiliation_id,
        paper_id,
        source,
        author_position,
        country_code
    from {{ ref('fct_affiliations') }}

),

chosen_sources as (

    select
        paper_id,
        source
    from {{ ref('int_paper_sources_chosen') }}

),

ingest_errors as (

    select
        paper_id,
        source,
        error_kind
    from {{ ref('stg_raw__ingest_errors') }}

),

records as (

    select
        papers_unified.paper_id,
        papers_unified.source,
        papers_unified.source_paper_id,
        papers.title,
        papers.page_count,
        papers._source_file,
        papers._source_sha256,
        row_number() over (
            partition by papers_unified.paper_id
            order by papers_unified.source = 'pdf' desc, papers.title
        ) as record_rank,
        row_number() over (
            partition by papers_unified.paper_id
            order by
                papers_unified.venue = 'unknown' asc,
                papers_unified.source = 'pdf' desc,
                papers_unified.edition_id asc
        ) as edition_rank,
        papers_unified.edition_id
    from papers_unified
    inner join papers
        on papers_unified.paper_record_id = papers.paper_record_id

),

paper_editions as (

    select
        paper_id,
        edition_id
    from records
    where edition_rank = 1

),

source_flags as (

    select
        paper_id,
        bool_or(source = 'pdf') as has_pdf,
        bool_or(source = 'metadata') as has_metadata
    from records
    group by paper_id

),

author_counts as (

    select
        records.paper_id,
        count(*) as count_authors
    from authorships
    inner join records
        on
            authorships.source = records.source
            and authorships.paper_id = records.source_paper_id
    inner join chosen_sources
        on
            records.paper_id = chosen_sources.paper_id
            and records.source = chosen_sources.source
    group by records.paper_id

),

affiliation_counts as (

    select
        affiliations.paper_id,
        count(distinct affiliations.affiliation_id) as count_affiliations,
        count(distinct affiliations.country_code) as count_countries,
        bool_or(affiliations.author_position is null) as has_unlinked,
        bool_or(affiliations.country_code is null) as has_unresolved
    from affiliations
    inner join chosen_sources
        on
            affiliations.paper_id = chosen_sources.paper_id
            and affiliations.source = chosen_sources.source
    group by affiliations.paper_id

),

problems as (

    select
        records.paper_id,
        bool_or(ingest_errors.error_kind = 'no_author_block')
            as has_no_author_block
    from ingest_errors
    inner join records
        on
            ingest_errors.source = records.source
            and ingest_errors.paper_id = records.source_paper_id
    group by records.paper_id

),

final as (

    select
        records.paper_id,
        paper_editions.edition_id,
        records.title,
        records.page_count,
        coalesce(author_counts.count_authors, 0) as count_authors,
        coalesce(affiliation_counts.count_affiliations, 0)
            as count_affiliations,
        coalesce(affiliation_counts.has_unlinked, false)
            as has_unlinked_affiliation,
        coalesce(affiliation_counts.count_countries, 0) as count_countries,
        coalesce(affiliation_counts.has_unresolved, false)
            as has_unresolved_affiliation,
        coalesce(problems.has_no_author_block, false) as has_no_author_block,
        source_flags.has_pdf,
        source_flags.has_metadata,
        records._source_file,
        records._source_sha256
    from records
    inner join source_flags
        on records.paper_id = source_flags.paper_id
    inner join paper_editions
        on records.paper_id = paper_editions.paper_id
    left join author_counts
        on records.paper_id = author_counts.paper_id
    left join affiliation_counts
        on records.paper_id = affiliation_counts.paper_id
    left join problems
        on records.paper_id = problems.paper_id
    where records.record_rank = 1

)

select * from final
