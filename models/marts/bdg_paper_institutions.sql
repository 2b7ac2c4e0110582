-- Which institutions each paper's printed affiliations name.
with

affiliations as (

    select
        paper_id,
        author_position,
        institution_id
    from {{ ref('fct_affiliations') }}

),

final as (

    select
        paper_id,
        institution_id,
        count(distinct author_position) as count_authors
    from affiliations
    where institution_id is not null
    group by paper_id, institution_id

)

select * from final
