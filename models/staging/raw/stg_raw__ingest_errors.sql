with

source as (

    select * from {{ source('raw', 'ingest_errors') }}

),

renamed as (

    select
        -- ids
        _source_sha256 || ':' || _source_file || ':' || error_kind
        || ':' || coalesce(paper_id, md5(message)) as ingest_error_id,
        paper_id,
        coalesce(source, 'pdf') as source,

        -- error
        error_kind,
        message,
        page_count,

        -- lineage
        _source_file,
        _source_sha256,
        _loaded_at

    from source

)

select * from renamed
