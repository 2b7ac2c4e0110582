{#-
    An affiliation printed as a web domain ("wayve.ai", "Grab.com"): the
    string in lower case when it is one, else null. int_email_domains_matched
    matches it like an email domain and int_affiliations_resolved takes its
    institution as for an email (match_method email_domain), so only a domain
    the email_domains seed knows places it. The same SQL on DuckDB and Spark.
-#}
{% macro printed_domain(expression) -%}
    case
        when
            regexp_extract(
                lower(trim({{ expression }})),
                '^[a-z0-9-]+([.][a-z0-9-]+)*[.][a-z]{2,}$',
                0
            ) != ''
            then lower(trim({{ expression }}))
    end
{%- endmacro %}
