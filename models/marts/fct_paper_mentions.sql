-- How often each mention term occurs in each section of each paper. A match
-- counts unless the term's exclude_pattern covers it (the llama on a farm,
-- the transformer at a substation): count = matches - excluded matches.
with

section_records as (

    select
        paper_id,
        source,
        section,
        section_text
    from {{ ref('stg_raw__paper_sections') }}

),

papers_unified as (

    select
        source,
        source_paper_id,
        paper_id
    from {{ ref('int_papers_unified') }}

),

-- a paper's text comes from its PDF; metadata fills in only what the PDF lacks
-- (metadata holds just the title and abstract)
sections as (

    select
        papers_unified.paper_id,
        section_records.section,
        section_records.section_text
    from section_records
    inner join papers_unified
        on
            section_records.source = papers_unified.source
            and section_records.paper_id = papers_unified.source_paper_id
    qualify row_number() over (
        partition by papers_unified.paper_id, section_records.section
        order by section_records.source = 'pdf' desc
    ) = 1

),

mention_terms as (

    select
        term_id,
        pattern,
        exclude_pattern
    from {{ ref('mention_terms') }}

),

counted as (

    select
        sections.paper_id,
        mention_terms.term_id,
        sections.section,
        sections.section_text,
        regexp_extract(sections.section_text, mention_terms.pattern)
            as first_match,
        greatest(
            len(regexp_extract_all(
                sections.section_text, mention_terms.pattern
            ))
            - coalesce(len(regexp_extract_all(
                sections.section_text, mention_terms.exclude_pattern
            )), 0),
            0
        ) as count_mentions
    from sections
    cross join mention_terms
    where regexp_matches(sections.section_text, mention_terms.pattern)

),

final as (

    select
        paper_id || ':' || term_id || ':' || section as paper_mention_id,
        paper_id,
        term_id,
        section,
        count_mentions,
        substr(
            section_text,
            greatest(strpos(section_text, first_match) - 60, 1),
            120 + len(first_match)
        ) as snippet
    from counted
    where count_mentions > 0

)

select * from final
