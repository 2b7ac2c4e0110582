{#-
    Fails, naming the first offending values, when a combination of `columns`
    occurs more than once: the grain test for bridges and composite-key seeds
    (dbt_utils is not available). The message is raised with error_function() (macros/cross_engine.sql),
    so `dbt build` prints it instead of only a row count.
-#}
{% test unique_combination(model, columns) %}

    with

    duplicated as (

        select
            concat_ws(', ', {{ columns | join(', ') }}) as offending_values,
            count(*) as count_rows
        from {{ model }}
        group by {{ columns | join(', ') }}
        having count(*) > 1

    )

    -- the error sits in the filter, which dbt's count(*) wrapper still evaluates
    select offending_values
    from duplicated
    where
        {{ error_function() }}(
            '{{ model.identifier }}: ({{ columns | join(", ") }}) = ('
            || offending_values || ') occurs ' || count_rows || ' times'
        ) is null

{% endtest %}
