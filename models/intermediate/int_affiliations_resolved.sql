-- A table, not a view (the exception to the intermediate-views rule): the
-- matching is the costliest step of the build, and its data tests and three
-- marts would otherwise each recompute it (bench/scale.py, BENCHMARKS.md).
{{ config(materialized='table') }}

-- Resolves each printed affiliation to institutions and countries (the
-- rules in full: int_affiliations_resolved.yml):
--   1. alias: an institution alias in the string; an ambiguous one is
--      narrowed by the string's or email's country, or by a country its own
--      words name ("Korea University" is the one in Korea, not the one in
--      Tokyo) (alias_context), else ambiguous. One printed address country
--      unlike the institution's wins (alias_address: "Google, Zurich" -> CH).
--   2. address_country: a printed country, city or region no institution row
--      gives ("Hong Kong SAR, China" -> HK only, via territory_policies).
--   3. fuzzy: no alias, one institution clearly ahead in the tolerant match
--      (int_affiliation_strings_fuzzy_matched); contenders are narrowed like
--      ambiguous aliases, else ambiguous; a printed country elsewhere vetoes.
--   4. place: no placed institution, no address, one gazetteer country.
--   5. email_domain: none of the above, a known email domain, or a known
--      domain printed as the affiliation ("wayve.ai").
--   6. unresolved: kept, with nulls, for rpt_unresolved_affiliations.
-- An alias in parentheses never overrides a name outside them ("Full Name
-- (ACR)"). match_score: 1.0 for exact aliases, the tolerant score for fuzzy.
-- Rows are distinct (a name printed twice gives one row); at least one row
-- per affiliation.
with

affiliations as (

    select
        affiliation_id,
        affiliation_raw,
        email_domain,
        -- the affiliation printed as a domain ("wayve.ai"): when the seed
        -- knows it, it places the string before the email domain does
        {{ printed_domain('affiliation_raw') }} as printed_domain
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

fuzzy_matches as (

    select
        affiliation_raw,
        part_index,
        institution_id,
        country_code,
        alias_normalized,
        match_score,
        count_contenders,
        runner_up_institution_id,
        runner_up_score
    from {{ ref('int_affiliation_strings_fuzzy_matched') }}

),

place_matches as (

    select
        affiliation_raw,
        place_normalized,
        country_code
    from {{ ref('int_affiliation_places_matched') }}

),

string_parts as (

    select
        affiliation_raw,
        is_parenthesized,
        token_first,
        token_last
    from {{ ref('int_affiliation_string_parts') }}

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

ambiguous_name_countries as (

    select
        affiliation_raw,
        country_code
    from {{ ref('int_ambiguous_name_countries') }}

),

territories as (

    select distinct
        country_code as territory_code,
        reporting_country_code as sovereign_code
    from {{ ref('territory_policies') }}
    where country_code != reporting_country_code

),

-- aliases in parentheses, dropped when a name outside them matched
parenthesized_hits as (

    select distinct
        string_matches.affiliation_raw,
        string_matches.token_start,
        string_matches.token_end
    from string_matches
    inner join string_parts
        on
            string_matches.affiliation_raw = string_parts.affiliation_raw
            and string_parts.is_parenthesized
            and string_matches.token_start >= string_parts.token_first
            and string_matches.token_end <= string_parts.token_last
    where string_matches.target_kind = 'institution'

),

named_strings as (

    select string_matches.affiliation_raw
    from string_matches
    anti join parenthesized_hits
        on
            string_matches.affiliation_raw
            = parenthesized_hits.affiliation_raw
            and string_matches.token_start = parenthesized_hits.token_start
            and string_matches.token_end = parenthesized_hits.token_end
    where string_matches.target_kind = 'institution'

    union

    select affiliation_raw
    from fuzzy_matches

),

institution_hits as (

    select distinct
        string_matches.affiliation_raw,
        string_matches.token_start,
        string_matches.token_end,
        string_matches.target_id,
        string_matches.alias_normalized
    from string_matches
    left join parenthesized_hits
        on
            string_matches.affiliation_raw
            = parenthesized_hits.affiliation_raw
            and string_matches.token_start = parenthesized_hits.token_start
            and string_matches.token_end = parenthesized_hits.token_end
    left join named_strings
        on string_matches.affiliation_raw = named_strings.affiliation_raw
    where
        string_matches.target_kind = 'institution'
        and (
            parenthesized_hits.affiliation_raw is null
            or named_strings.affiliation_raw is null
        )

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
    inner join institution_hits
        on affiliations.affiliation_raw = institution_hits.affiliation_raw
    inner join institutions
        on institution_hits.target_id = institutions.institution_id
    inner join territories
        on institutions.country_code = territories.territory_code

    union

    select distinct
        affiliations.affiliation_id,
        territories.sovereign_code
    from affiliations
    inner join fuzzy_matches
        on affiliations.affiliation_raw = fuzzy_matches.affiliation_raw
    inner join territories
        on fuzzy_matches.country_code = territories.territory_code

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

place_summary as (

    select
        affiliations.affiliation_id,
        count(distinct place_matches.country_code) as count_countries,
        min(place_matches.country_code) as only_country_code,
        {{ sorted_string_agg('place_matches.place_normalized', ', ') }}
            as place_evidence
    from affiliations
    inner join place_matches
        on affiliations.affiliation_raw = place_matches.affiliation_raw
    group by affiliations.affiliation_id

),

-- the countries the string prints: an address, or else one place
printed_countries as (

    select
        affiliation_id,
        country_code
    from locations

    union

    select
        affiliation_id,
        only_country_code as country_code
    from place_summary
    where count_countries = 1

),

has_printed_country as (

    select distinct affiliation_id
    from printed_countries

),

-- the country an ambiguous name names in its own words, when the string
-- prints none ("Korea University": Seoul, and a namesake in Tokyo)
name_countries as (

    select distinct
        affiliations.affiliation_id,
        ambiguous_name_countries.country_code
    from affiliations
    inner join ambiguous_name_countries
        on
            affiliations.affiliation_raw
            = ambiguous_name_countries.affiliation_raw
    anti join has_printed_country
        on affiliations.affiliation_id = has_printed_country.affiliation_id

),

context_countries as (

    select
        affiliation_id,
        country_code
    from printed_countries

    union

    select
        affiliation_id,
        country_code
    from name_countries

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
        institution_hits.token_start,
        institution_hits.token_end,
        institution_hits.alias_normalized,
        institutions.institution_id,
        institutions.country_code,
        context_countries.country_code is not null as is_in_context,
        count(*) over (
            partition by
                affiliations.affiliation_id, institution_hits.token_start
        ) as count_candidates,
        count(context_countries.country_code) over (
            partition by
                affiliations.affiliation_id, institution_hits.token_start
        ) as count_in_context
    from affiliations
    inner join institution_hits
        on affiliations.affiliation_raw = institution_hits.affiliation_raw
    inner join institutions
        on institution_hits.target_id = institutions.institution_id
    left join context_countries
        on
            affiliations.affiliation_id = context_countries.affiliation_id
            and institutions.country_code = context_countries.country_code

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

-- one row per ambiguous name, not per place it is printed: "Soochow
-- University Soochow University" names one ambiguous university
ambiguous_spans as (

    select
        affiliation_id,
        case
            when count(distinct country_code) = 1 then min(country_code)
        end as country_code,
        {{ sorted_string_agg('country_code', '|') }} as candidate_countries,
        min(alias_normalized)
        || ' -> ' || {{ sorted_string_agg('institution_id', ' | ') }}
            as evidence
    from ambiguous_candidates
    group by affiliation_id, token_start

),

ambiguous as (

    select distinct
        affiliation_id,
        cast(null as string) as institution_id,
        country_code,
        'ambiguous' as match_method,
        evidence,
        candidate_countries
    from ambiguous_spans

),

fuzzy_candidates as (

    select
        affiliations.affiliation_id,
        fuzzy_matches.part_index,
        fuzzy_matches.institution_id,
        fuzzy_matches.country_code,
        fuzzy_matches.alias_normalized,
        fuzzy_matches.match_score,
        fuzzy_matches.count_contenders,
        fuzzy_matches.runner_up_institution_id,
        fuzzy_matches.runner_up_score,
        context_countries.country_code is not null as is_in_context,
        count(context_countries.country_code) over (
            partition by affiliations.affiliation_id, fuzzy_matches.part_index
        ) as count_in_context,
        has_printed_country.affiliation_id is null
        or printed_countries.country_code is not null as is_address_consistent
    from affiliations
    inner join fuzzy_matches
        on affiliations.affiliation_raw = fuzzy_matches.affiliation_raw
    left join context_countries
        on
            affiliations.affiliation_id = context_countries.affiliation_id
            and fuzzy_matches.country_code = context_countries.country_code
    left join printed_countries
        on
            affiliations.affiliation_id = printed_countries.affiliation_id
            and fuzzy_matches.country_code = printed_countries.country_code
    left join has_printed_country
        on affiliations.affiliation_id = has_printed_country.affiliation_id

),

-- one contender, or one in the context; a printed country elsewhere vetoes
fuzzy_chosen_parts as (

    select
        affiliation_id,
        institution_id,
        country_code,
        match_score,
        alias_normalized
        || ' (' || cast(round(match_score, 2) as string) || '); runner-up: '
        || coalesce(
            runner_up_institution_id
            || ' (' || cast(round(runner_up_score, 2) as string) || ')',
            'none'
        ) as evidence,
        row_number() over (
            partition by affiliation_id, institution_id
            order by match_score desc, part_index asc
        ) as part_rank
    from fuzzy_candidates
    where
        is_address_consistent
        and (
            count_contenders = 1
            or (is_in_context and count_in_context = 1)
        )

),

fuzzy_chosen as (

    select
        affiliation_id,
        institution_id,
        country_code,
        'fuzzy' as match_method,
        match_score,
        evidence
    from fuzzy_chosen_parts
    where part_rank = 1

),

fuzzy_ambiguous_parts as (

    select
        fuzzy_candidates.affiliation_id,
        case
            when count(distinct fuzzy_candidates.country_code) = 1
                then min(fuzzy_candidates.country_code)
        end as country_code,
        max(fuzzy_candidates.match_score) as match_score,
        {{ sorted_string_agg('fuzzy_candidates.country_code', '|') }}
            as candidate_countries,
        'fuzzy -> ' || {{ sorted_string_agg(
            'fuzzy_candidates.institution_id', ' | '
        ) }} as evidence
    from fuzzy_candidates
    anti join fuzzy_chosen
        on fuzzy_candidates.affiliation_id = fuzzy_chosen.affiliation_id
    where
        fuzzy_candidates.count_contenders > 1
        and fuzzy_candidates.count_in_context != 1
    group by fuzzy_candidates.affiliation_id, fuzzy_candidates.part_index

),

fuzzy_ambiguous_countries as (

    select
        fuzzy_ambiguous_parts.affiliation_id,
        -- the contenders' one country, unless the string prints another
        case
            when
                has_printed_country.affiliation_id is null
                or printed_countries.country_code is not null
                then fuzzy_ambiguous_parts.country_code
        end as country_code,
        fuzzy_ambiguous_parts.match_score,
        fuzzy_ambiguous_parts.evidence,
        fuzzy_ambiguous_parts.candidate_countries
    from fuzzy_ambiguous_parts
    left join printed_countries
        on
            fuzzy_ambiguous_parts.affiliation_id
            = printed_countries.affiliation_id
            and fuzzy_ambiguous_parts.country_code
            = printed_countries.country_code
    left join has_printed_country
        on
            fuzzy_ambiguous_parts.affiliation_id
            = has_printed_country.affiliation_id

),

fuzzy_ambiguous as (

    select
        affiliation_id,
        cast(null as string) as institution_id,
        country_code,
        'ambiguous' as match_method,
        max(match_score) as match_score,
        evidence,
        candidate_countries
    from fuzzy_ambiguous_countries
    group by affiliation_id, country_code, evidence, candidate_countries

),

institution_rows as (

    select distinct
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        cast(1.0 as double) as match_score,
        evidence,
        cast(null as string) as candidate_countries
    from chosen

    union all

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        cast(1.0 as double) as match_score,
        evidence,
        candidate_countries
    from ambiguous

    union all

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        match_score,
        evidence,
        cast(null as string) as candidate_countries
    from fuzzy_chosen

    union all

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        match_score,
        evidence,
        candidate_countries
    from fuzzy_ambiguous

),

-- Every rule's rows, each referenced once: which of them a string keeps is
-- decided below by window flags over the affiliation, not by anti joins that
-- would each repeat the rules above (Spark inlines every CTE reference, and
-- the repeats made this model's plan thousands of stages long).
address_candidates as (

    select distinct
        affiliation_id,
        cast(null as string) as institution_id,
        country_code,
        'address_country' as match_method,
        cast(null as double) as match_score,
        alias_normalized as evidence,
        cast(null as string) as candidate_countries
    from locations

),

place_candidates as (

    select
        affiliation_id,
        cast(null as string) as institution_id,
        only_country_code as country_code,
        'place' as match_method,
        cast(null as double) as match_score,
        place_evidence as evidence,
        cast(null as string) as candidate_countries
    from place_summary
    where count_countries = 1

),

email_candidates as (

    select
        affiliations.affiliation_id,
        case
            when printed_matches.matched_domain is not null
                then printed_matches.institution_id
            else email_matches.institution_id
        end as institution_id,
        case
            when printed_matches.matched_domain is not null
                then printed_matches.country_code
            else email_matches.country_code
        end as country_code,
        'email_domain' as match_method,
        cast(null as double) as match_score,
        coalesce(printed_matches.matched_domain, email_matches.matched_domain)
            as evidence,
        cast(null as string) as candidate_countries
    from affiliations
    left join email_matches as printed_matches
        on affiliations.printed_domain = printed_matches.email_domain
    left join email_matches
        on affiliations.email_domain = email_matches.email_domain
    where
        coalesce(printed_matches.matched_domain, email_matches.matched_domain)
        is not null

),

rule_rows as (

    select
        *,
        'institution' as rule_kind
    from institution_rows

    union all

    select
        *,
        'address' as rule_kind
    from address_candidates

    union all

    select
        *,
        'place' as rule_kind
    from place_candidates

    union all

    select
        *,
        'email' as rule_kind
    from email_candidates

),

rule_flags as (

    select
        *,
        max(case when rule_kind = 'institution' then 1 else 0 end) over (
            partition by affiliation_id
        ) as has_institution_row,
        max(
            case
                when rule_kind = 'institution' and country_code is not null
                    then 1
                else 0
            end
        ) over (partition by affiliation_id) as has_placed_institution,
        max(case when rule_kind = 'address' then 1 else 0 end) over (
            partition by affiliation_id
        ) as has_address,
        max(case when rule_kind = 'place' then 1 else 0 end) over (
            partition by affiliation_id
        ) as has_place,
        max(case when rule_kind = 'institution' then 1 else 0 end) over (
            partition by affiliation_id, country_code
        ) as has_institution_in_country
    from rule_rows

),

-- an address adds a country no institution row gives; one gazetteer country
-- places a string with no placed institution and no address; an email
-- domain places a string no other rule did
matched_rows as (

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        match_score,
        evidence,
        candidate_countries
    from rule_flags
    where
        rule_kind = 'institution'
        or (rule_kind = 'address' and has_institution_in_country = 0)
        or (
            rule_kind = 'place'
            and has_placed_institution = 0
            and has_address = 0
        )
        or (
            rule_kind = 'email'
            and has_institution_row = 0
            and has_address = 0
            and has_place = 0
        )

),

-- an affiliation no rule placed is kept once, with nulls
final as (

    select
        affiliations.affiliation_id,
        matched_rows.institution_id,
        matched_rows.country_code,
        coalesce(matched_rows.match_method, 'unresolved') as match_method,
        matched_rows.match_score,
        matched_rows.evidence,
        matched_rows.candidate_countries
    from affiliations
    left join matched_rows
        on affiliations.affiliation_id = matched_rows.affiliation_id

)

select * from final
