{#-
    Fails, naming the value, for every non-null `column_name` that is not a code
    in the countries seed: catches a typo ("UK" for GB) in a seed or mart.
-#}
{% test is_country_code(model, column_name) %}

    with

    unknown as (

        select distinct {{ column_name }} as country_code
        from {{ model }}
        where
            {{ column_name }} is not null
            and {{ column_name }} not in (
                select countries.country_code
                from {{ ref('countries') }} as countries
            )

    )

    -- the error sits in the filter, which dbt's count(*) wrapper still evaluates
    select country_code
    from unknown
    where
        {{ error_function() }}(
            '{{ model.identifier }}.{{ column_name }} = "' || country_code
            || '" is not a country_code in seeds/countries.csv'
        ) is null

{% endtest %}
