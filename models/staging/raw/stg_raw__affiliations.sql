with

source as (

    select * from {{ source('raw', 'affiliations') }}

),

renamed as (

    select
        -- ids
        source || ':' || paper_id
        || ':' || coalesce(cast(author_position as string), 'unlinked')
        || ':' || cast(affiliation_position as string) as affiliation_id,
        paper_id,
        source,
        author_position,
        affiliation_position,

        -- text
        affiliation_raw,
        lower(email_domain) as email_domain,

        -- how it was found
        link_method,
        page,
        bbox,

        -- lineage
        _source_sha256,
        _loaded_at

    from source

)

select * from renamed
