with

source as (

    select * from {{ source('raw', 'papers') }}

),

renamed as (

    select
        -- ids
        coalesce(source, 'pdf') || ':' || paper_id as paper_record_id,
        paper_id,
        coalesce(source, 'pdf') as source,

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
