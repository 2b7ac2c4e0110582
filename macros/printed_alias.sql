{#-
    The first place `alias_regex` (an alias's words joined by
    [^a-z0-9]*) occurs in `text` as whole words, exactly as printed; '' when
    it does not occur. The acronym and capitals match rules look at its case:
    "MIT" and "UPenn" are acronyms, "mit" in prose is not; "US" and "U.S." are
    the country, "us" is a pronoun.
-#}
{% macro printed_alias(text, alias_regex) -%}
    regexp_extract(
        {{ text }},
        '(?i)(?:^|[^a-z0-9])(' || {{ alias_regex }} || ')(?:[^a-z0-9]|$)',
        1
    )
{%- endmacro %}
