-- Every name the matcher looks for, in one list: institution aliases, and the
-- names, variants, cities and regions that place a string in a country. A
-- company's name without its company forms ("NIO Inc." -> "nio") is one more
-- alias, with match rule `part` (the whole name of a part, never a word
-- inside one), unless some seed alias or gazetteer place already reads so
-- ("Orange S.A." is not "Orange", California), or it is one word of fewer
-- than five letters.
with

institution_aliases as (

    select
        alias,
        institution_id,
        match_rule
    from {{ ref('institution_aliases') }}

),

place_names as (

    select distinct
        regexp_replace(
            {{ normalize_text('place_name') }}, '^the ', ''
        ) as place_normalized
    from {{ ref('places') }}

),

companies as (

    select
        institution_id,
        institution_name
    from {{ ref('institutions') }}
    where institution_type = 'company'

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

seeded as (

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

company_names as (

    select
        institution_id,
        institution_name,
        regexp_replace(
            {{ normalize_text('institution_name') }}, '^the ', ''
        ) as name_normalized
    from companies

),

company_short_names as (

    select
        'institution' as target_kind,
        company_names.institution_id as target_id,
        company_names.institution_name as alias_text,
        'part' as match_rule,
        company_names.name_normalized,
        {{ drop_legal_forms('company_names.name_normalized') }}
            as alias_normalized
    from company_names

),

-- a part alias is compared without company forms, as string parts are
normalized as (

    select
        target_kind,
        target_id,
        alias_text,
        match_rule,
        case
            when match_rule = 'part'
                then {{ drop_legal_forms('alias_normalized') }}
            else alias_normalized
        end as alias_normalized
    from seeded

    union all

    select
        company_short_names.target_kind,
        company_short_names.target_id,
        company_short_names.alias_text,
        company_short_names.match_rule,
        company_short_names.alias_normalized
    from company_short_names
    anti join seeded
        on company_short_names.alias_normalized = seeded.alias_normalized
    anti join place_names
        on company_short_names.alias_normalized = place_names.place_normalized
    where
        company_short_names.alias_normalized
        != company_short_names.name_normalized
        -- one short word is more often a lab's acronym ("CSL, UIUC" is not
        -- CSL Limited) than a company's name
        and (
            company_short_names.alias_normalized like '% %'
            or length(company_short_names.alias_normalized) >= 5
        )

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
