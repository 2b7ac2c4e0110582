-- A table, like the other matching models: it cuts strings into n-grams.
{{ config(materialized='table') }}

-- Gazetteer places (seed places: cities, subdivisions, countries, demonyms)
-- inside the strings in which the exact matcher found no institution and no
-- location: "Institute of Computing, Guizhou" -> Guizhou, CN. Names used in
-- several countries (is_ambiguous: "Cambridge") and places in no country of
-- the countries seed are left out. Like int_affiliation_strings_matched: an
-- equi-join of word n-grams on normalized names, a hit inside a longer hit
-- dropped. int_affiliations_resolved uses them only when no institution
-- matched, exactly or tolerantly (match_method place). A short name printed
-- in capitals is an acronym, not the place: "MIRI" is not Miri, Malaysia.
with

affiliations as (

    select affiliation_raw
    from {{ ref('stg_raw__affiliations') }}
    where affiliation_raw is not null

),

exact_matches as (

    select affiliation_raw
    from {{ ref('int_affiliation_strings_matched') }}

),

places as (

    select
        place_name,
        country_code,
        place_kind,
        is_ambiguous
    from {{ ref('places') }}

),

countries as (

    select country_code
    from {{ ref('countries') }}

),

place_names as (

    select
        regexp_replace(
            {{ normalize_text('places.place_name') }}, '^the ', ''
        ) as place_normalized,
        places.country_code,
        min(places.place_kind) as place_kind
    from places
    inner join countries
        on places.country_code = countries.country_code
    where not places.is_ambiguous
    group by
        regexp_replace(
            {{ normalize_text('places.place_name') }}, '^the ', ''
        ),
        places.country_code

),

unambiguous_names as (

    -- two names that normalize alike in two countries are ambiguous too
    select
        place_normalized,
        min(country_code) as country_code,
        min(place_kind) as place_kind,
        {{ list_size(split_to_list('place_normalized', ' ')) }} as count_tokens
    from place_names
    where place_normalized != ''
    group by place_normalized
    having count(distinct country_code) = 1

),

longest_name as (

    select max(count_tokens) as count_tokens
    from unambiguous_names

),

strings as (

    select distinct
        affiliations.affiliation_raw,
        {{ split_to_list(normalize_text('affiliations.affiliation_raw'), ' ') }}
            as tokens
    from affiliations
    anti join exact_matches
        on affiliations.affiliation_raw = exact_matches.affiliation_raw

),

starts as (

    select
        affiliation_raw,
        tokens,
        {{ explode_series('1', list_size('tokens')) }} as token_start
    from strings

),

ngrams as (

    select
        starts.affiliation_raw,
        starts.token_start,
        {{ explode_series(
            'starts.token_start',
            'starts.token_start - 1 + least(longest_name.count_tokens, '
            ~ list_size('starts.tokens') ~ ' - starts.token_start + 1)'
        ) }} as token_end,
        starts.tokens
    from starts
    cross join longest_name

),

hits as (

    select
        ngrams.affiliation_raw,
        ngrams.token_start,
        ngrams.token_end,
        unambiguous_names.place_normalized,
        unambiguous_names.country_code,
        unambiguous_names.place_kind
    from ngrams
    inner join unambiguous_names
        on
            {{ join_list_slice(
                'ngrams.tokens', 'ngrams.token_start', 'ngrams.token_end', ' '
            ) }} = unambiguous_names.place_normalized

),

covered as (

    select distinct
        inner_hit.affiliation_raw,
        inner_hit.token_start,
        inner_hit.token_end
    from hits as inner_hit
    inner join hits as outer_hit
        on
            inner_hit.affiliation_raw = outer_hit.affiliation_raw
            and inner_hit.token_start >= outer_hit.token_start
            and inner_hit.token_end <= outer_hit.token_end
            and (inner_hit.token_end - inner_hit.token_start)
            < (outer_hit.token_end - outer_hit.token_start)

),

outermost as (

    select
        hits.affiliation_raw,
        hits.token_start,
        hits.token_end,
        hits.place_normalized,
        hits.country_code,
        hits.place_kind,
        {{ printed_alias(
            'hits.affiliation_raw',
            "replace(hits.place_normalized, ' ', '[^a-z0-9]*')"
        ) }} as printed_text
    from hits
    anti join covered
        on
            hits.affiliation_raw = covered.affiliation_raw
            and hits.token_start = covered.token_start
            and hits.token_end = covered.token_end

),

final as (

    select
        affiliation_raw,
        token_start,
        token_end,
        place_normalized,
        country_code,
        place_kind
    from outermost
    where
        not (
            length(place_normalized) <= 5
            and printed_text = upper(printed_text)
            and printed_text != lower(printed_text)
        )

)

select * from final
