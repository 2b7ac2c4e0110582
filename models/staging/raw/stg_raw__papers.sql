{#- Raw tables written before the edition columns existed lack venue, year and
    track in every file (union_by_name / mergeSchema only fill them in when
    some file has them): such a table reads them as null, i.e. unknown. The
    lint target compiles without raw tables and assumes the columns. -#}
{%- set edition_columns = ['venue', 'year', 'track'] -%}
{%- set present = [] -%}
{%- if execute and target.name != 'lint' -%}
    {%- set probe = run_query(
        'select * from ' ~ source('raw', 'papers') ~ ' limit 0'
    ) -%}
    {%- for name in probe.column_names if name | lower in edition_columns -%}
        {%- do present.append(name | lower) -%}
    {%- endfor -%}
{%- else -%}
    {%- set present = edition_columns -%}
{%- endif -%}

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

        -- edition (a venue name as ingested; seed venues normalizes it)
        {% if 'venue' in present -%}
            coalesce(nullif(lower(trim(venue)), ''), 'unknown') as venue,
        {%- else -%}
            'unknown' as venue,
        {%- endif %}
        {% if 'year' in present -%}
            cast(year as integer) as year,  -- noqa: RF04
        {%- else -%}
            cast(null as integer) as year,  -- noqa: RF04
        {%- endif %}
        {% if 'track' in present -%}
            coalesce(nullif(lower(trim(track)), ''), 'main') as track,
        {%- else -%}
            'main' as track,
        {%- endif %}

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
