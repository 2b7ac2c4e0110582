-- Which countries each paper's printed affiliations place it in, with HK, MO
-- and TW kept as located (territory policies apply downstream).
with

affiliations as (

    select
        paper_id,
        author_position,
        affiliation_raw,
        country_code,
        match_method
    from {{ ref('fct_affiliations') }}

),

final as (

    select
        paper_id,
        country_code,
        count(distinct author_position) as count_authors,
        string_agg(
            distinct affiliation_raw || ' [' || match_method || ']', '; '
        ) as evidence
    from affiliations
    where country_code is not null
    group by paper_id, country_code

)

select * from final
