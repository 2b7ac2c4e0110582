{#-
    A normalized name (macro normalize_text) without the company forms at its
    end: "pumas ai inc" -> "pumas ai", "huawei technologies co ltd" ->
    "huawei technologies", "exop gmbh" -> "exop". A name that is only a form
    ("inc") stays as it is. The `part` match rule compares names this way on
    both sides: the aliases (int_aliases_unioned) and the parts of the strings
    (int_affiliation_string_parts). The engines spell the group reference
    differently (\1 in DuckDB, $1 in Spark).
-#}
{% macro legal_forms_pattern() -%}
    {%- set forms = [
        'inc', 'incorporated', 'ltd', 'limited', 'llc', 'llp', 'lp', 'plc',
        'corp', 'corporation', 'co', 'gmbh', 'mbh', 'ag', 'kg', 'se', 'sa',
        'sas', 'sarl', 'srl', 'spa', 'bv', 'nv', 'oy', 'oyj', 'ab', 'asa',
        'kk', 'pte', 'pty', 'pvt', 'private', 'sdn', 'bhd', 'zrt', 'sro'
    ] -%}
    '(.)( ({{ forms | join('|') }}))+$'
{%- endmacro %}

{% macro drop_legal_forms(expression) -%}
    {{ return(adapter.dispatch('drop_legal_forms')(expression)) }}
{%- endmacro %}
{% macro default__drop_legal_forms(expression) -%}
    regexp_replace({{ expression }}, {{ legal_forms_pattern() }}, '\1')
{%- endmacro %}
{% macro spark__drop_legal_forms(expression) -%}
    regexp_replace({{ expression }}, {{ legal_forms_pattern() }}, '$1')
{%- endmacro %}
