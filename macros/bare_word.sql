{#-
    A word of a normalized name without a footnote digit stuck to it:
    "1department" -> "department", "bytedance4" -> "bytedance" (at most one
    trailing digit, after three letters or more, so "covid19" and "3d" stay).
    Runs before macro canonical_token, in its own column: regexp_extract, the
    same on DuckDB and Spark.
-#}
{% macro bare_word(expression) -%}
    coalesce(
        nullif(
            regexp_extract({{ expression }}, '^[0-9]*([a-z]{3,})[0-9]?$', 1),
            ''
        ),
        {{ expression }}
    )
{%- endmacro %}
