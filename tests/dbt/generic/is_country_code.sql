{#-
    Fails for every non-null value that is not a code in the countries seed:
    catches a typo ("UK" for GB) in any seed or mart column.
-#}
{% test is_country_code(model, column_name) %}

    select {{ column_name }} as country_code
    from {{ model }}
    where
        {{ column_name }} is not null
        and {{ column_name }} not in (
            select countries.country_code from {{ ref('countries') }} as countries
        )

{% endtest %}
