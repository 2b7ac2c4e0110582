with

source as (

    select * from {{ source('raw', 'paper_sections') }}

),

renamed as (

    select
        -- ids
        coalesce(source, 'pdf') || ':' || paper_id || ':' || section
            as paper_section_id,
        paper_id,
        coalesce(source, 'pdf') as source,
        section,

        -- text
        text as section_text,

        -- pages
        first_page,
        last_page,

        -- lineage
        _source_sha256,
        _loaded_at

    from source

)

select * from renamed
