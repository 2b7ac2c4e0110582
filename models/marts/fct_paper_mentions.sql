-- How often each mention term occurs in each section of each paper. A match
-- counts unless the term's exclude_pattern covers it (the llama on a farm,
-- the transformer at a substation): count = matches - excluded matches. Each
-- row carries its paper's edition (dim_papers).
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

papers as (

    select
        paper_id,
        edition_id
    from {{ ref('dim_papers') }}

),

-- a paper's text comes from its PDF; metadata fills in only what the PDF lacks
-- (metadata holds just the title and abstract)
sections_ranked as (

    select
        papers_unified.paper_id,
        section_records.section,
        section_records.section_text,
        row_number() over (
            partition by papers_unified.paper_id, section_records.section
            order by case when section_records.source = 'pdf' then 0 else 1 end
        ) as source_rank
    from section_records
    inner join papers_unified
        on
            section_records.source = papers_unified.source
            and section_records.paper_id = papers_unified.source_paper_id

),

sections as (

    select
        paper_id,
        section,
        section_text
    from sections_ranked
    where source_rank = 1

),

mention_terms as (

    select
        term_id,
        pattern,
        exclude_pattern,
        required_text
    from {{ ref('mention_terms') }}

),

-- a cheap substring test skips sections that cannot match; then one regex
-- pass finds every match, and the exclude pattern runs only where needed
lowered as (

    select
        paper_id,
        section,
        section_text,
        lower(section_text) as text_lower
    from sections

),

matched as (

    select
        sections.paper_id,
        mention_terms.term_id,
        sections.section,
        sections.section_text,
        mention_terms.exclude_pattern,
        regexp_extract_all(sections.section_text, mention_terms.pattern, 0)
            as matches
    from lowered as sections
    inner join mention_terms
        on contains(sections.text_lower, mention_terms.required_text)

),

counted as (

    select
        paper_id,
        term_id,
        section,
        section_text,
        {{ list_element('matches', 1) }} as first_match,
        cast(greatest(
            {{ list_size('matches') }} - case
                when coalesce(exclude_pattern, '') = '' then 0
                else {{ list_size(
                    'regexp_extract_all(section_text, exclude_pattern, 0)'
                ) }}
            end,
            0
        ) as bigint) as count_mentions
    from matched
    where {{ list_size('matches') }} > 0

),

final as (

    select
        counted.paper_id
        || ':' || counted.term_id
        || ':' || counted.section as paper_mention_id,
        counted.paper_id,
        papers.edition_id,
        counted.term_id,
        counted.section,
        counted.count_mentions,
        substr(
            counted.section_text,
            greatest(instr(counted.section_text, counted.first_match) - 60, 1),
            120 + length(counted.first_match)
        ) as snippet
    from counted
    inner join papers
        on counted.paper_id = papers.paper_id
    where counted.count_mentions > 0

)

select * from final
