with

source as (

    select * from {{ source('raw', 'authorships') }}

),

renamed as (

    select
        -- ids
        coalesce(source, 'pdf') || ':' || paper_id
        || ':' || cast(author_position as string) as authorship_id,
        paper_id,
        coalesce(source, 'pdf') as source,
        author_position,

        -- text
        author_name,
        lower(email) as email,
        lower(split_part(email, '@', 2)) as email_domain,

        -- lineage
        _source_sha256,
        _loaded_at

    from source

)

select * from renamed
