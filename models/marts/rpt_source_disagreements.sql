-- Papers held both as a PDF and as conference metadata whose country sets
-- differ, with the evidence of each side next to the other. The PDF shows the
-- affiliation printed on the paper; the metadata shows the author's profile,
-- which may be newer. disagreement_kind says whether one side is empty.
with

papers as (

    select
        paper_id,
        title
    from {{ ref('dim_papers') }}
    where has_pdf and has_metadata

),

paper_countries as (

    select
        paper_id,
        source,
        country_code,
        evidence
    from {{ ref('bdg_paper_countries_by_source') }}

),

one_sided as (

    select
        this_side.paper_id,
        this_side.source,
        {{ sorted_string_agg('this_side.country_code', ',') }} as country_codes
    from paper_countries as this_side
    anti join paper_countries as other_side
        on
            this_side.paper_id = other_side.paper_id
            and this_side.country_code = other_side.country_code
            and this_side.source != other_side.source
    group by this_side.paper_id, this_side.source

),

sides as (

    select
        papers.paper_id,
        papers.title,
        {{ sorted_string_agg(
            "case when paper_countries.source = 'pdf'"
            ~ " then paper_countries.country_code end", ','
        ) }} as pdf_codes,
        {{ sorted_string_agg(
            "case when paper_countries.source = 'metadata'"
            ~ " then paper_countries.country_code end", ','
        ) }} as metadata_codes,
        {{ sorted_string_agg(
            "case when paper_countries.source = 'pdf' then"
            ~ " paper_countries.country_code || ': ' || paper_countries.evidence"
            ~ " end", ' | '
        ) }} as pdf_evidence,
        {{ sorted_string_agg(
            "case when paper_countries.source = 'metadata' then"
            ~ " paper_countries.country_code || ': ' || paper_countries.evidence"
            ~ " end", ' | '
        ) }} as metadata_evidence
    from papers
    left join paper_countries
        on papers.paper_id = paper_countries.paper_id
    group by papers.paper_id, papers.title

),

final as (

    select
        sides.paper_id,
        sides.title,
        case
            when sides.pdf_codes is null then 'pdf_empty'
            when sides.metadata_codes is null then 'metadata_empty'
            else 'different_countries'
        end as disagreement_kind,
        coalesce(sides.pdf_codes, '') as pdf_country_codes,
        coalesce(sides.metadata_codes, '') as metadata_country_codes,
        only_pdf.country_codes as only_in_pdf,
        only_metadata.country_codes as only_in_metadata,
        sides.pdf_evidence,
        sides.metadata_evidence
    from sides
    left join one_sided as only_pdf
        on
            sides.paper_id = only_pdf.paper_id
            and only_pdf.source = 'pdf'
    left join one_sided as only_metadata
        on
            sides.paper_id = only_metadata.paper_id
            and only_metadata.source = 'metadata'
    where sides.pdf_codes != sides.metadata_codes

)

select * from final
