-- Every name the matcher looks for, in one list: institution aliases, and the
-- names, variants, cities and regions that place a string in a country.
with

institution_aliases as (

    select
        alias,
        institution_id,
        match_rule
    from {{ ref('institution_aliases') }}

),

countries as (

    select
        country_code,
        country_name
    from {{ ref('countries') }}

),

country_aliases as (

    select
        alias,
        country_code,
        alias_kind
    from {{ ref('country_aliases') }}

),

location_names as (

    select
        country_name as location_name,
        country_code,
        'country_name' as alias_kind
    from countries

    union all

    select
        alias as location_name,
        country_code,
        alias_kind
    from country_aliases

),

unioned as (

    select
        'institution' as target_kind,
        institution_id as target_id,
        alias as alias_text,
        match_rule
    from institution_aliases

    union all

    select
        'location' as target_kind,
        country_code as target_id,
        location_name as alias_text,
        -- short names in capitals (US, UK, PRC, U.S.) match only in capitals
        case
            when
                location_name = upper(location_name)
                and length(location_name) <= 5
                then 'capitals'
            else 'phrase'
        end as match_rule
    from location_names

),

normalized as (

    select
        target_kind,
        target_id,
        alias_text,
        match_rule,
        regexp_replace(
            {{ normalize_text('alias_text') }}, '^the ', ''
        ) as alias_normalized
    from unioned

),

final as (

    select distinct
        target_kind,
        target_id,
        alias_normalized,
        replace(alias_normalized, ' ', '[^a-z0-9]*') as alias_regex,
        match_rule,
        {{ list_size(split_to_list('alias_normalized', ' ')) }} as count_tokens
    from normalized
    where alias_normalized != ''

)

select * from final
