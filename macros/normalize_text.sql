{#-
    The matching key for affiliation strings and aliases: lower case, accents
    folded, "&" spelled "and", every run of other characters one space.
    "Technische Universität München" -> "technische universitat munchen".
    ingest/warehouse/seeds/common.py normalize() is the Python twin (same accent
    table), used by the seed tools to find shared and colliding names.
-#}
{% macro normalize_text(expression) -%}
    trim({{ regexp_replace_all(
        "replace(" ~ fold_accents(expression) ~ ", '&', ' and ')",
        "'[^a-z0-9]+'", "' '"
    ) }})
{%- endmacro %}
