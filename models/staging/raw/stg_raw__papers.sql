with

source as (

    select * from {{ source('raw', 'papers') }}

),

renamed as (

    select
        -- ids
        paper_id,

        -- text
        title,
        abstract,

        -- numbers
        page_count,

        -- lineage
        _source_file,
        _source_sha256,
        _loaded_at

    from source

)

select * from renamed
