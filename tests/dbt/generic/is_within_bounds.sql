{#-
    Fails, naming the row (`key`, an expression) and its three values, for any
    row where `column_name` lies outside [`low`, `high`] by more than 1e-9 (the
    bounds are summed in another order than the figure). For the headline's
    figure_low <= figure <= figure_high (int_paper_country_bounds).
-#}
{% test is_within_bounds(model, column_name, low, high, key) %}

    with

    outside as (

        select
            {{ key }} as offending_row,
            cast({{ low }} as string) || ' <= '
            || cast({{ column_name }} as string) || ' <= '
            || cast({{ high }} as string) as offending_values
        from {{ model }}
        where
            not (
                {{ low }} <= {{ column_name }} + 1e-9
                and {{ column_name }} <= {{ high }} + 1e-9
            )

    )

    -- the error sits in the filter, which dbt's count(*) wrapper still evaluates
    select offending_row
    from outside
    where
        {{ error_function() }}(
            '{{ model.identifier }} ' || offending_row || ': '
            || offending_values || ' does not hold'
        ) is null

{% endtest %}
