-- Each paper's countries per source (pdf, metadata), HK/MO/TW as located:
-- the two sides that rpt_source_disagreements compares.
with

affiliations as (

    select
        paper_id,
        source,
        author_position,
        affiliation_raw,
        country_code,
        match_method
    from {{ ref('fct_affiliations') }}

),

final as (

    select
        paper_id,
        source,
        country_code,
        count(distinct author_position) as count_authors,
        {{ sorted_string_agg(
            "affiliation_raw || ' [' || match_method || ']'", '; '
        ) }} as evidence
    from affiliations
    where country_code is not null
    group by paper_id, source, country_code

)

select * from final
