-- How often each mention term occurs in each section of each paper. A match
-- counts unless the term's exclude_pattern covers it (the llama on a farm,
-- the transformer at a substation): count = matches - excluded matches.
with

sections as (

    select
        paper_id,
        section,
        section_text
    from {{ ref('stg_raw__paper_sections') }}

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
