-- One canonical paper_id for every paper record. A metadata record joins the
-- PDF with the same id (same_id) or, failing that, the one PDF whose
-- normalized title equals its own (title). Otherwise it stands alone under
-- its own id (metadata_only). PDFs keep their ids.
with

papers as (

    select
        paper_record_id,
        paper_id,
        source,
        title
    from {{ ref('stg_raw__papers') }}

),

pdf_papers as (

    select
        paper_id,
        {{ normalize_text('title') }} as title_normalized
    from papers
    where source = 'pdf'

),

unique_pdf_titles as (

    select
        title_normalized,
        min(paper_id) as paper_id
    from pdf_papers
    where title_normalized != ''
    group by title_normalized
    having count(*) = 1

),

metadata_papers as (

    select
        paper_record_id,
        paper_id,
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
        on metadata_papers.paper_id = same_id.paper_id
    left join unique_pdf_titles as by_title
        on metadata_papers.title_normalized = by_title.title_normalized

),

final as (

    select
        papers.paper_record_id,
        papers.source,
        papers.paper_id as source_paper_id,
        coalesce(metadata_matched.paper_id, papers.paper_id) as paper_id,
        coalesce(metadata_matched.match_method, 'pdf') as match_method
    from papers
    left join metadata_matched
        on papers.paper_record_id = metadata_matched.paper_record_id

)

select * from final
