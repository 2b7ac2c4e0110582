{#-
    Spark only: load seed rows as escaped SQL literals. dbt-spark's own
    spark__load_csv_rows passes values as bindings that its session method pastes
    in quoted but not escaped, so a seed value with a quote ("Côte d'Ivoire") or
    a backslash (the regexes in mention_terms) breaks the insert. Spark string
    literals escape both with a backslash. The root project's spark__ macro takes
    precedence over the adapter's.
-#}
{% macro spark_literal(value) -%}
    {%- if value is none -%}
        null
    {%- elif value is number and value is not boolean -%}
        {{ value }}
    {%- elif value is boolean -%}
        {{ 'true' if value else 'false' }}
    {%- else -%}
        '{{ value | string | replace("\\", "\\\\") | replace("'", "\\'") }}'
    {%- endif -%}
{%- endmacro %}

{#-
    Spark only: load a seed's rows. In a PySpark session on this machine (the
    targets in var spark_local_seed_targets; dbt does not tell a macro the
    connection method) the CSV file dbt read is local, so Spark reads it
    itself through a temporary CSV view and one insert ... select casts each
    column to the seed's type: a second or two per seed, where batched
    `insert ... values` statements took a minute for the 66,000 places (Spark
    parses every literal). The CSV view reads what dbt's agate loader reads:
    RFC 4180 quoting ("" inside quotes), quoted newlines, and an empty or
    'null' field as null. Elsewhere (a Thrift or ODBC cluster, which cannot
    see this machine's files) the rows go as escaped literals, in batches.
-#}
{% macro spark__load_csv_rows(model, agate_table) %}
    {%- set column_override = model['config'].get('column_types', {}) -%}
    {%- set types = [] -%}
    {%- for col_name in agate_table.column_names -%}
        {%- set inferred = adapter.convert_type(agate_table, loop.index0) -%}
        {%- do types.append(column_override.get(col_name, inferred)) -%}
    {%- endfor -%}
    {%- set csv_path = agate_table.original_abspath -%}
    {%- if target.name in var('spark_local_seed_targets', []) and csv_path is string -%}
        {{ return(spark_insert_from_csv(agate_table, types, csv_path)) }}
    {%- endif -%}
    {%- set statements = [] -%}
    {%- for chunk in agate_table.rows | batch(get_batch_size()) -%}
        {%- set sql -%}
            insert into {{ this.render() }} values
            {% for row in chunk -%}
                ({%- for value in row -%}
                    cast({{ spark_literal(value) }} as {{ types[loop.index0] }})
                    {%- if not loop.last %}, {% endif -%}
                {%- endfor -%})
                {%- if not loop.last %},{% endif %}
            {% endfor %}
        {%- endset -%}
        {%- do adapter.add_query(sql, abridge_sql_log=True) -%}
        {%- if loop.index0 == 0 -%}
            {%- do statements.append(sql) -%}
        {%- endif -%}
    {%- endfor -%}
    {{ return(statements[0] if statements else '') }}
{% endmacro %}

{% macro spark_insert_from_csv(agate_table, types, csv_path) %}
    {%- set view = 'paperscope_seed_csv_' ~ this.identifier -%}
    {%- set create_view -%}
        create or replace temporary view {{ view }}
        using csv
        options (
            path {{ spark_literal(csv_path) }},
            header 'true',
            multiLine 'true',
            quote '"',
            escape '"',
            encoding 'UTF-8',
            mode 'FAILFAST'
        )
    {%- endset -%}
    {%- set sql -%}
        insert into {{ this.render() }}
        select
        {% for col_name in agate_table.column_names -%}
            {%- set field = '`' ~ (col_name | replace('`', '``')) ~ '`' -%}
            cast(
                case
                    when lower(trim({{ field }})) in ('', 'null') then null
                    else {{ field }}
                end as {{ types[loop.index0] }}
            )
            {%- if not loop.last %},{% endif %}
        {% endfor -%}
        from {{ view }}
    {%- endset -%}
    {%- do adapter.add_query(create_view) -%}
    {%- do adapter.add_query(sql) -%}
    {%- do adapter.add_query("drop view if exists " ~ view) -%}
    {{ return(sql) }}
{% endmacro %}
