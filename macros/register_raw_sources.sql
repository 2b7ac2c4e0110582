{#-
    Makes the raw Parquet folders readable through source('raw', ...).
    DuckDB needs nothing: the sources' external_location reads the files
    directly. On Spark there is no such thing, so this on-run-start hook
    (re)creates one external table per raw table in schema `raw`, over
    $PAPERSCOPE_RAW_DIR/<table>/ (mergeSchema, like DuckDB's union_by_name).
    Dropping an external table never deletes its files.
-#}
{% macro register_raw_sources() -%}
    {{ return(adapter.dispatch('register_raw_sources')()) }}
{%- endmacro %}

{% macro default__register_raw_sources() -%}
{%- endmacro %}

{% macro spark__register_raw_sources() -%}
    {%- if execute -%}
        {%- set raw_dir = env_var('PAPERSCOPE_RAW_DIR', 'data/raw') -%}
        {%- do run_query('create schema if not exists raw') -%}
        {%- for node in graph.sources.values() if node.source_name == 'raw' -%}
            {%- do run_query('drop table if exists raw.' ~ node.name) -%}
            {%- do run_query(
                'create table raw.' ~ node.name
                ~ " using parquet options (mergeSchema 'true') location '"
                ~ raw_dir ~ '/' ~ node.name ~ "'"
            ) -%}
        {%- endfor -%}
    {%- endif -%}
{%- endmacro %}
