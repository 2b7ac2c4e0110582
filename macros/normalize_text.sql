{#-
    The matching key for affiliation strings and aliases: lower case, accents
    folded, "&" spelled "and", every run of other characters one space.
    "Technische Universität München" -> "technische universitat munchen".
    bench/bootstrap_seeds.py has the Python twin, used only for discovery.
-#}
{% macro normalize_text(expression) -%}
    trim({{ regexp_replace_all(
        "replace(" ~ fold_accents(expression) ~ ", '&', ' and ')",
        "'[^a-z0-9]+'", "' '"
    ) }})
{%- endmacro %}
