{#-
    True when `word` occurs in `text` as a whole word, case-sensitively. Used for
    acronym aliases ("NTU", "MIT", "US"), which only count when printed in capitals.
-#}
{% macro contains_word(text, word) -%}
    regexp_matches(
        {{ text }},
        '(^|[^A-Za-z0-9])' || {{ word }} || '([^A-Za-z0-9]|$)'
    )
{%- endmacro %}
