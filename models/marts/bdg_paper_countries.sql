-- Which countries each paper's affiliations place it in, with HK, MO and TW
-- kept as located (territory policies apply downstream). When a paper has a
-- PDF and metadata, int_paper_sources_chosen picks the side that counts.
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

chosen_sources as (

    select
        paper_id,
        source
    from {{ ref('int_paper_sources_chosen') }}

),

chosen_affiliations as (

    select affiliations.*
    from affiliations
    inner join chosen_sources
        on
            affiliations.paper_id = chosen_sources.paper_id
            and affiliations.source = chosen_sources.source

),

final as (

    select
        paper_id,
        country_code,
        count(distinct author_position) as count_authors,
        {{ sorted_string_agg(
            "affiliation_raw || ' [' || match_method || ']'", '; '
        ) }} as evidence
    from chosen_affiliations
    where country_code is not null
    group by paper_id, country_code

)

select * from final
