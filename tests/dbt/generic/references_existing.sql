{#-
    Fails, naming the value, for every non-null `column_name` with no matching
    `field` in `to`: the relationships test, with a message an analyst can act
    on ("institution_aliases.institution_id = "tsinghau" is not in institutions").
-#}
{% test references_existing(model, column_name, to, field) %}

    with

    dangling as (

        select distinct {{ column_name }} as missing_value
        from {{ model }}
        where
            {{ column_name }} is not null
            and {{ column_name }} not in (
                select target.{{ field }} from {{ to }} as target
            )

    )

    -- the error sits in the filter, which dbt's count(*) wrapper still evaluates
    select missing_value
    from dangling
    where
        {{ error_function() }}(
            '{{ model.identifier }}.{{ column_name }} = "' || missing_value
            || '" is not a {{ field }} in {{ to.identifier }}'
        ) is null

{% endtest %}
