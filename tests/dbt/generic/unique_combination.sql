{#-
    Fails for every combination of `columns` that occurs more than once: the
    grain test for bridges and composite-key seeds (dbt_utils is not available).
-#}
{% test unique_combination(model, columns) %}

    select
        {{ columns | join(', ') }},
        count(*) as count_rows
    from {{ model }}
    group by {{ columns | join(', ') }}
    having count(*) > 1

{% endtest %}
