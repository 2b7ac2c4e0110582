{#-
    The matching key for affiliation strings and aliases: lower case, accents
    folded, "&" spelled "and", every run of other characters one space, a
    footnote digit glued to the end of a word of four or more letters dropped
    ("ByteDance4", "Stanford University1" as metadata exports print them;
    "Data61", "Core42" and "G42" keep theirs), an accent cut off its letter by
    PDF text extraction rejoined, and the British "centre" spelt "center"
    ("Samsung AI Centre" is the alias "Samsung AI Center").
    "Technische Universität München" -> "technische universitat munchen".
    ingest/warehouse/seeds/common.py normalize() is the Python twin (same accent
    table), used by the seed tools to find shared and colliding names.
-#}
{% macro normalize_text(expression) -%}
    trim(replace(replace(' ' || {{ drop_footnote_digits(regexp_replace_all(
        "replace(" ~ fold_accents(join_spacing_accents(expression))
        ~ ", '&', ' and ')",
        "'[^a-z0-9]+'", "' '"
    )) }} || ' ', ' centre ', ' center '), ' centres ', ' centers '))
{%- endmacro %}

{#- A spacing accent is the accent of a letter that PDF text extraction cut
    off ("S ˜ao Paulo", "Z ¨urich", "Koc ¸ University"): it goes, with the
    spaces before it, so the word is whole again ("Sao", "Zurich", "Koc"). -#}
{% macro join_spacing_accents(expression) -%}
    {{ regexp_replace_all(expression, "'[ ]*[¨´¸ˆˇ˘˙˚˜˝]'", "''") }}
{%- endmacro %}

{#- Words separated by single spaces in, the same words out without a single
    digit glued to four letters. The engines spell the group reference
    differently (\1 in DuckDB, $1 in Spark). -#}
{% macro drop_footnote_digits(expression) -%}
    {{ return(adapter.dispatch('drop_footnote_digits')(expression)) }}
{%- endmacro %}
{% macro default__drop_footnote_digits(expression) -%}
    regexp_replace({{ expression }}, '([a-z]{4})[0-9]( |$)', '\1\2', 'g')
{%- endmacro %}
{% macro spark__drop_footnote_digits(expression) -%}
    regexp_replace({{ expression }}, '([a-z]{4})[0-9]( |$)', '$1$2')
{%- endmacro %}

