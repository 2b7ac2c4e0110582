-- One canonical paper_id for every paper record. A metadata record joins the
-- PDF with the same id (same_id) or, failing that, the one PDF whose
-- normalized title equals its own (title). Otherwise it stands alone under
-- its own id (metadata_only). PDFs keep their ids. A match needs the same
-- edition unless either side's venue is unknown. Each record's venue is
-- normalized through seed venues (its id, name or an alias); edition_id is
-- venue, year and (unless main) track: neurips2025, neurips2025-datasets.
with

paper_records as (

    select
        paper_record_id,
        paper_id,
        source,
        title,
        venue,
        year,
        track
    from {{ ref('stg_raw__papers') }}

),

venues as (

    select
        venue_id,
        '|' || lower(venue_id) || '|' || lower(name) || '|'
        || coalesce(lower(aliases), '') || '|' as spellings
    from {{ ref('venues') }}

),

venue_matches as (

    select
        paper_records.paper_record_id,
        min(venues.venue_id) as venue_id
    from paper_records
    inner join venues
        on instr(venues.spellings, '|' || paper_records.venue || '|') > 0
    group by paper_records.paper_record_id

),

papers as (

    select
        paper_records.paper_record_id,
        paper_records.paper_id,
        paper_records.source,
        paper_records.title,
        coalesce(venue_matches.venue_id, paper_records.venue) as venue,
        paper_records.year,
        paper_records.track,
        coalesce(venue_matches.venue_id, paper_records.venue)
        || coalesce(cast(paper_records.year as string), '')
        || case
            when paper_records.track = 'main' then ''
            else '-' || paper_records.track
        end as edition_id
    from paper_records
    left join venue_matches
        on paper_records.paper_record_id = venue_matches.paper_record_id

),

pdf_papers as (

    select
        paper_id,
        venue,
        edition_id,
        {{ normalize_text('title') }} as title_normalized
    from papers
    where source = 'pdf'

),

unique_pdf_titles as (

    select
        title_normalized,
        min(paper_id) as paper_id,
        min(venue) as venue,
        min(edition_id) as edition_id
    from pdf_papers
    where title_normalized != ''
    group by title_normalized
    having count(*) = 1

),

metadata_papers as (

    select
        paper_record_id,
        paper_id,
        venue,
        edition_id,
        {{ normalize_text('title') }} as title_normalized
    from papers
    where source = 'metadata'

),

metadata_matched as (

    select
        metadata_papers.paper_record_id,
        coalesce(
            same_id.paper_id, by_title.paper_id, metadata_papers.paper_id
        ) as paper_id,
        case
            when same_id.paper_id is not null then 'same_id'
            when by_title.paper_id is not null then 'title'
            else 'metadata_only'
        end as match_method
    from metadata_papers
    left join pdf_papers as same_id
        on
            metadata_papers.paper_id = same_id.paper_id
            and (
                metadata_papers.edition_id = same_id.edition_id
                or 'unknown' in (metadata_papers.venue, same_id.venue)
            )
    left join unique_pdf_titles as by_title
        on
            metadata_papers.title_normalized = by_title.title_normalized
            and (
                metadata_papers.edition_id = by_title.edition_id
                or 'unknown' in (metadata_papers.venue, by_title.venue)
            )

),

final as (

    select
        papers.paper_record_id,
        papers.source,
        papers.paper_id as source_paper_id,
        coalesce(metadata_matched.paper_id, papers.paper_id) as paper_id,
        coalesce(metadata_matched.match_method, 'pdf') as match_method,
        papers.venue,
        papers.year,
        papers.track,
        papers.edition_id
    from papers
    left join metadata_matched
        on papers.paper_record_id = metadata_matched.paper_record_id

)

select * from final
