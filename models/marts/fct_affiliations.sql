with

affiliations as (

    select
        affiliation_id,
        paper_id,
        author_position,
        affiliation_position,
        affiliation_raw,
        email_domain,
        link_method,
        page
    from {{ ref('stg_raw__affiliations') }}

),

authorships as (

    select
        paper_id,
        author_position,
        author_name
    from {{ ref('stg_raw__authorships') }}

),

final as (

    select
        affiliations.affiliation_id,
        affiliations.paper_id,
        affiliations.author_position,
        authorships.author_name,
        affiliations.affiliation_position,
        affiliations.affiliation_raw,
        affiliations.email_domain,
        affiliations.link_method,
        affiliations.page
    from affiliations
    left join authorships
        on
            affiliations.paper_id = authorships.paper_id
            and affiliations.author_position = authorships.author_position

)

select * from final
