{#-
    The few places where DuckDB's and Spark SQL's dialects differ, as
    adapter.dispatch macros with a DuckDB (`default__`) and a `spark__` variant.
    Models call only these; everything else they use is common SQL. Each macro
    says why it exists. docs/scale-out.md lists them too.
-#}

{#- Split a string into a list of strings at a literal one-character separator.
    Spark's split() takes a regex, so the separator is escaped there. -#}
{% macro split_to_list(expression, separator) -%}
    {{ return(adapter.dispatch('split_to_list')(expression, separator)) }}
{%- endmacro %}
{% macro default__split_to_list(expression, separator) -%}
    string_split({{ expression }}, '{{ separator }}')
{%- endmacro %}
{% macro spark__split_to_list(expression, separator) -%}
    split({{ expression }}, '[{{ separator }}]')
{%- endmacro %}

{#- Number of elements of a list: len() in DuckDB, size() in Spark. -#}
{% macro list_size(expression) -%}
    {{ return(adapter.dispatch('list_size')(expression)) }}
{%- endmacro %}
{% macro default__list_size(expression) -%}
    len({{ expression }})
{%- endmacro %}
{% macro spark__list_size(expression) -%}
    size({{ expression }})
{%- endmacro %}

{#- Elements first..last (1-based, inclusive) of a list, joined by a separator.
    DuckDB slices with list[a:b] and joins with array_to_string; Spark uses
    slice(list, start, length) and array_join. -#}
{% macro join_list_slice(expression, first, last, separator) -%}
    {{ return(adapter.dispatch('join_list_slice')(expression, first, last, separator)) }}
{%- endmacro %}
{% macro default__join_list_slice(expression, first, last, separator) -%}
    array_to_string(({{ expression }})[{{ first }}:{{ last }}], '{{ separator }}')
{%- endmacro %}
{% macro spark__join_list_slice(expression, first, last, separator) -%}
    array_join(
        slice({{ expression }}, {{ first }}, ({{ last }}) - ({{ first }}) + 1),
        '{{ separator }}'
    )
{%- endmacro %}

{#- One output row per integer first..last (inclusive; requires first <= last),
    used in a select list. DuckDB: unnest(generate_series()); Spark:
    explode(sequence()), which may not be nested inside another expression. -#}
{% macro explode_series(first, last) -%}
    {{ return(adapter.dispatch('explode_series')(first, last)) }}
{%- endmacro %}
{% macro default__explode_series(first, last) -%}
    unnest(generate_series({{ first }}, {{ last }}))
{%- endmacro %}
{% macro spark__explode_series(first, last) -%}
    explode(sequence({{ first }}, {{ last }}))
{%- endmacro %}

{#- The element at a 1-based position of a list (null past the end). -#}
{% macro list_element(expression, position) -%}
    {{ return(adapter.dispatch('list_element')(expression, position)) }}
{%- endmacro %}
{% macro default__list_element(expression, position) -%}
    ({{ expression }})[{{ position }}]
{%- endmacro %}
{% macro spark__list_element(expression, position) -%}
    try_element_at({{ expression }}, {{ position }})
{%- endmacro %}

{#- Aggregate: the distinct non-null values, sorted, joined by a separator.
    Sorting makes the text identical on both engines (string_agg's order is
    otherwise arbitrary). Spark has no string_agg(distinct ... order by). -#}
{% macro sorted_string_agg(expression, separator) -%}
    {{ return(adapter.dispatch('sorted_string_agg')(expression, separator)) }}
{%- endmacro %}
{% macro default__sorted_string_agg(expression, separator) -%}
    string_agg(distinct {{ expression }}, '{{ separator }}' order by {{ expression }})
{%- endmacro %}
{% macro spark__sorted_string_agg(expression, separator) -%}
    nullif(array_join(array_sort(collect_set({{ expression }})), '{{ separator }}'), '')
{%- endmacro %}

{#- Replace every match of a regex. DuckDB replaces the first match unless
    given 'g'; Spark always replaces all and its 4th argument is a position. -#}
{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all')(expression, pattern, replacement)) }}
{%- endmacro %}
{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}
{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{#- The name of the function that fails a query with a message (the custom
    data tests use it to name the offending seed row): error() in DuckDB,
    raise_error() in Spark. Used as {{ error_function() }}('message'). -#}
{% macro error_function() -%}
    {{ return(adapter.dispatch('error_function')()) }}
{%- endmacro %}
{% macro default__error_function() -%}
    error
{%- endmacro %}
{% macro spark__error_function() -%}
    raise_error
{%- endmacro %}

{#- Not dispatched, the same SQL on both engines: lower-case letters with
    accents mapped to their base letter (the Latin-1, Latin Extended A/B and
    Latin Extended Additional letters whose Unicode decomposition is an ASCII
    letter plus combining marks; generated with Python's unicodedata), then
    the letters with a stroke or without a dot that have none (ł ø đ ı ħ:
    "Wrocław" is "wroclaw"; seeds/common.py STROKED); the Turkish capital İ
    is read as I first, as lower() would give i and a combining dot. Last, the
    letters that stand for two (ligatures as metadata exports keep them,
    "Artiﬁcial"; ß and æ: "Gießen" is "giessen"; seeds/common.py LIGATURES;
    each is one more nested replace(), and sqlfluff's parse depth allows no
    more than these five in normalize_text).
    DuckDB's strip_accents() has no Spark twin; translate() exists in both. -#}
{% macro fold_accents(expression) -%}
    {%- set ligatures = [
        ('ﬁ', 'fi'), ('ﬂ', 'fl'), ('ﬀ', 'ff'), ('ß', 'ss'), ('æ', 'ae')
    ] -%}
    {%- for _ in ligatures %}replace({% endfor %}translate(
        lower(replace({{ expression }}, 'İ', 'I')),
        'àáâãäåçèéêëìíîïñòóôõöùúûüýÿāăąćĉċčďēĕėęěĝğġģĥĩīĭįĵķĺļľńņňōŏőŕŗřśŝşšţťũūŭůűųŵŷźżžơưǎǐǒǔǖǘǚǜǟǡǧǩǫǭǰǵǹǻȁȃȅȇȉȋȍȏȑȓȕȗșțȟȧȩȫȭȯȱȳḁḃḅḇḉḋḍḏḑḓḕḗḙḛḝḟḡḣḥḧḩḫḭḯḱḳḵḷḹḻḽḿṁṃṅṇṉṋṍṏṑṓṕṗṙṛṝṟṡṣṥṧṩṫṭṯṱṳṵṷṹṻṽṿẁẃẅẇẉẋẍẏẑẓẕẖẗẘẙạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹłøđıħ',
        'aaaaaaceeeeiiiinooooouuuuyyaaaccccdeeeeegggghiiiijklllnnnooorrrssssttuuuuuuwyzzzouaiouuuuuaagkoojgnaaaeeiioorruusthaeooooyabbbcdddddeeeeefghhhhhiikkkllllmmmnnnnoooopprrrrsssssttttuuuuuvvwwwwwxxyzzzhtwyaaaaaaaaaaaaeeeeeeeeiioooooooooooouuuuuuuyyyylodih'
    )
    {%- for letters, spelt in ligatures %}, '{{ letters }}', '{{ spelt }}'){% endfor %}
{%- endmacro %}
