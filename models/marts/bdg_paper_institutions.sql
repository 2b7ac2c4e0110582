-- Which institutions each paper's affiliations name (from the source that
-- int_paper_sources_chosen picks).
with

affiliations as (

    select
        paper_id,
        source,
        author_position,
        institution_id
    from {{ ref('fct_affiliations') }}

),

chosen_sources as (

    select
        paper_id,
        source
    from {{ ref('int_paper_sources_chosen') }}

),

final as (

    select
        affiliations.paper_id,
        affiliations.institution_id,
        count(distinct affiliations.author_position) as count_authors
    from affiliations
    inner join chosen_sources
        on
            affiliations.paper_id = chosen_sources.paper_id
            and affiliations.source = chosen_sources.source
    where affiliations.institution_id is not null
    group by affiliations.paper_id, affiliations.institution_id

)

select * from final
