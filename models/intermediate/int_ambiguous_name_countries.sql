-- A table: int_affiliations_resolved reads it where its plan is already deep
-- (Spark inlines every CTE), and it joins on a LIKE, not on a key.
{{ config(materialized='table') }}

-- The countries that an ambiguous institution name names in its own words:
-- "Korea University" names two universities (Seoul, and a namesake in
-- Tokyo) and the country Korea, so int_affiliations_resolved reads Korea as
-- the string's context when the string prints no country. Only names found
-- in a string (int_affiliation_strings_matched) that name two institutions
-- or more, against the phrase names of countries, regions and cities
-- (int_aliases_unioned; short capitals such as "US" are left out, as their
-- case is lost in a normalized name). One row per string and country.
with

hits as (

    select
        affiliation_raw,
        token_start,
        token_end,
        target_id,
        alias_normalized
    from {{ ref('int_affiliation_strings_matched') }}
    where target_kind = 'institution'

),

location_names as (

    select
        target_id as country_code,
        alias_normalized
    from {{ ref('int_aliases_unioned') }}
    where target_kind = 'location' and match_rule = 'phrase'

),

ambiguous_names as (

    select
        affiliation_raw,
        min(alias_normalized) as alias_normalized
    from hits
    group by affiliation_raw, token_start, token_end
    having count(distinct target_id) > 1

),

final as (

    select distinct
        ambiguous_names.affiliation_raw,
        location_names.country_code
    from ambiguous_names
    inner join location_names
        on
            ' ' || ambiguous_names.alias_normalized || ' '
            like '% ' || location_names.alias_normalized || ' %'

)

select * from final
