-- A table, not a view (the exception to the intermediate-views rule): the
-- matching is the costliest step of the build, and its data tests and three
-- marts would otherwise each recompute it (bench/scale.py, BENCHMARKS.md).
{{ config(materialized='table') }}

-- Resolves each printed affiliation to institutions and countries:
--   1. alias: an institution alias in the string. An ambiguous alias (NTU,
--      Northeastern University) keeps the candidates whose country the string
--      (a city or country name) or the email domain names; with no such context
--      it stays ambiguous rather than guessed (alias_context / ambiguous).
--      When the string prints one address country that differs from the
--      institution's, the address wins (alias_address): "Google, Zurich" -> CH,
--      "Duke Kunshan University, China" -> CN. The printed address is the
--      strongest evidence of where the author sits.
--   2. address_country: a country, city or region printed in the string and
--      not already given by an institution row. "Hong Kong SAR, China" places
--      a string in HK only: a sovereign named after one of its territories
--      (territory_policies) is part of the territory's address.
--   3. email_domain: no alias and no address, but a known email domain.
--   4. unresolved: kept, with nulls, for rpt_unresolved_affiliations.
-- One row per affiliation and match; at least one row per affiliation.
with

affiliations as (

    select
        affiliation_id,
        affiliation_raw,
        email_domain
    from {{ ref('stg_raw__affiliations') }}

),

string_matches as (

    select
        affiliation_raw,
        token_start,
        token_end,
        target_kind,
        target_id,
        alias_normalized
    from {{ ref('int_affiliation_strings_matched') }}

),

email_matches as (

    select
        email_domain,
        matched_domain,
        institution_id,
        country_code
    from {{ ref('int_email_domains_matched') }}

),

institutions as (

    select
        institution_id,
        country_code
    from {{ ref('institutions') }}

),

territories as (

    select distinct
        country_code as territory_code,
        reporting_country_code as sovereign_code
    from {{ ref('territory_policies') }}
    where country_code != reporting_country_code

),

printed_locations as (

    select distinct
        affiliations.affiliation_id,
        string_matches.target_id as country_code,
        string_matches.alias_normalized
    from affiliations
    inner join string_matches
        on affiliations.affiliation_raw = string_matches.affiliation_raw
    where string_matches.target_kind = 'location'

),

territory_addresses as (

    select distinct
        printed_locations.affiliation_id,
        territories.sovereign_code
    from printed_locations
    inner join territories
        on printed_locations.country_code = territories.territory_code

    union

    select distinct
        affiliations.affiliation_id,
        territories.sovereign_code
    from affiliations
    inner join string_matches
        on affiliations.affiliation_raw = string_matches.affiliation_raw
    inner join institutions
        on string_matches.target_id = institutions.institution_id
    inner join territories
        on institutions.country_code = territories.territory_code
    where string_matches.target_kind = 'institution'

),

locations as (

    select
        printed_locations.affiliation_id,
        printed_locations.country_code,
        printed_locations.alias_normalized
    from printed_locations
    anti join territory_addresses
        on
            printed_locations.affiliation_id
            = territory_addresses.affiliation_id
            and printed_locations.country_code
            = territory_addresses.sovereign_code

),

location_summary as (

    select
        affiliation_id,
        count(distinct country_code) as count_countries,
        min(country_code) as only_country_code,
        {{ sorted_string_agg('alias_normalized', ', ') }} as location_evidence
    from locations
    group by affiliation_id

),

context_countries as (

    select
        affiliation_id,
        country_code
    from locations

    union

    select
        affiliations.affiliation_id,
        email_matches.country_code
    from affiliations
    inner join email_matches
        on affiliations.email_domain = email_matches.email_domain
    where email_matches.country_code is not null

),

candidates as (

    select
        affiliations.affiliation_id,
        string_matches.token_start,
        string_matches.token_end,
        string_matches.alias_normalized,
        institutions.institution_id,
        institutions.country_code,
        context_countries.country_code is not null as is_in_context,
        count(*) over (
            partition by affiliations.affiliation_id, string_matches.token_start
        ) as count_candidates,
        count(context_countries.country_code) over (
            partition by affiliations.affiliation_id, string_matches.token_start
        ) as count_in_context
    from affiliations
    inner join string_matches
        on affiliations.affiliation_raw = string_matches.affiliation_raw
    inner join institutions
        on string_matches.target_id = institutions.institution_id
    left join context_countries
        on
            affiliations.affiliation_id = context_countries.affiliation_id
            and institutions.country_code = context_countries.country_code
    where string_matches.target_kind = 'institution'

),

chosen as (

    select
        candidates.affiliation_id,
        candidates.institution_id,
        case
            when
                location_summary.count_countries = 1
                and location_summary.only_country_code
                != candidates.country_code
                then location_summary.only_country_code
            else candidates.country_code
        end as country_code,
        case
            when candidates.count_candidates > 1 then 'alias_context'
            when
                location_summary.count_countries = 1
                and location_summary.only_country_code
                != candidates.country_code
                then 'alias_address'
            else 'alias'
        end as match_method,
        candidates.alias_normalized as evidence
    from candidates
    left join location_summary
        on candidates.affiliation_id = location_summary.affiliation_id
    where
        candidates.count_candidates = 1
        or (candidates.is_in_context and candidates.count_in_context = 1)

),

-- an ambiguous name overlapping a resolved one is a misreading across words:
-- "Applied Science, University of Pennsylvania" is not Applied Science
-- University
resolved_spans as (

    select
        affiliation_id,
        token_start,
        token_end
    from candidates
    where
        count_candidates = 1
        or (is_in_context and count_in_context = 1)

),

ambiguous_candidates as (

    select candidates.*
    from candidates
    anti join resolved_spans
        on
            candidates.affiliation_id = resolved_spans.affiliation_id
            and candidates.token_start <= resolved_spans.token_end
            and candidates.token_end >= resolved_spans.token_start
    where
        candidates.count_candidates > 1
        and candidates.count_in_context != 1

),

ambiguous as (

    select
        affiliation_id,
        cast(null as string) as institution_id,
        case
            when count(distinct country_code) = 1 then min(country_code)
        end as country_code,
        'ambiguous' as match_method,
        min(alias_normalized)
        || ' -> ' || {{ sorted_string_agg('institution_id', ' | ') }}
            as evidence
    from ambiguous_candidates
    group by affiliation_id, token_start

),

institution_rows as (

    select distinct
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        evidence
    from chosen

    union all

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        evidence
    from ambiguous

),

address_rows as (

    select distinct
        locations.affiliation_id,
        cast(null as string) as institution_id,
        locations.country_code,
        'address_country' as match_method,
        locations.alias_normalized as evidence
    from locations
    anti join institution_rows
        on
            locations.affiliation_id = institution_rows.affiliation_id
            and locations.country_code = institution_rows.country_code

),

email_rows as (

    select
        affiliations.affiliation_id,
        email_matches.institution_id,
        email_matches.country_code,
        'email_domain' as match_method,
        email_matches.matched_domain as evidence
    from affiliations
    inner join email_matches
        on affiliations.email_domain = email_matches.email_domain
    anti join institution_rows
        on affiliations.affiliation_id = institution_rows.affiliation_id
    anti join locations
        on affiliations.affiliation_id = locations.affiliation_id

),

matched_rows as (

    select * from institution_rows
    union all
    select * from address_rows
    union all
    select * from email_rows

),

unresolved_rows as (

    select
        affiliations.affiliation_id,
        cast(null as string) as institution_id,
        cast(null as string) as country_code,
        'unresolved' as match_method,
        cast(null as string) as evidence
    from affiliations
    anti join matched_rows
        on affiliations.affiliation_id = matched_rows.affiliation_id

),

final as (

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        evidence
    from matched_rows

    union all

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        evidence
    from unresolved_rows

)

select * from final
