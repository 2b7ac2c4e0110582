-- A table, not a view (the exception to the intermediate-views rule): the
-- matching is the costliest step of the build, and its data tests and three
-- marts would otherwise each recompute it (bench/scale.py, BENCHMARKS.md).
{{ config(materialized='table') }}

-- Finds every alias inside every distinct affiliation string. Strings are cut
-- into word n-grams (up to the longest alias) and joined to the aliases on
-- equality: a hash join, linear in the number of strings, never a cross join
-- of strings with aliases. A hit inside a longer hit is dropped ("Beth Israel
-- Deaconess" hides "Israel", "Google DeepMind" hides "Google"). A `part`
-- alias (a brand that is also a word, "Zoom"; a company's name without its
-- Inc. or Ltd.) counts only as the whole name of a part ("Zoom", "NIO Inc.",
-- never "zoom lens lab").
with

affiliations as (

    select affiliation_raw
    from {{ ref('stg_raw__affiliations') }}

),

aliases as (

    select
        target_kind,
        target_id,
        alias_normalized,
        alias_regex,
        match_rule,
        count_tokens
    from {{ ref('int_aliases_unioned') }}

),

-- the words of each part's name, before its company forms
part_names as (

    select
        affiliation_raw,
        token_first,
        token_first + count_name_tokens - 1 as token_name_last
    from {{ ref('int_affiliation_string_parts') }}
    where count_name_tokens > 0

),

strings as (

    select distinct
        affiliation_raw,
        {{ split_to_list(normalize_text('affiliation_raw'), ' ') }} as tokens
    from affiliations
    where affiliation_raw is not null

),

longest_alias as (

    select max(count_tokens) as count_tokens
    from aliases

),

starts as (

    select
        strings.affiliation_raw,
        strings.tokens,
        {{ explode_series('1', list_size('strings.tokens')) }} as token_start
    from strings

),

ngrams as (

    select
        starts.affiliation_raw,
        starts.token_start,
        {{ explode_series(
            'starts.token_start',
            'starts.token_start - 1 + least(longest_alias.count_tokens, '
            ~ list_size('starts.tokens') ~ ' - starts.token_start + 1)'
        ) }} as token_end,
        starts.tokens
    from starts
    cross join longest_alias

),

candidate_hits as (

    select
        ngrams.affiliation_raw,
        ngrams.token_start,
        ngrams.token_end,
        aliases.target_kind,
        aliases.target_id,
        aliases.alias_normalized,
        aliases.match_rule,
        aliases.alias_regex
    from ngrams
    inner join aliases
        on
            {{ join_list_slice(
                'ngrams.tokens', 'ngrams.token_start', 'ngrams.token_end', ' '
            ) }} = aliases.alias_normalized

),

printed as (

    select
        candidate_hits.*,
        case
            when candidate_hits.match_rule in ('acronym', 'capitals')
                then {{ printed_alias(
                    'candidate_hits.affiliation_raw', 'candidate_hits.alias_regex'
                ) }}
        end as printed_text,
        part_names.affiliation_raw is not null as is_part_name
    from candidate_hits
    left join part_names
        on
            candidate_hits.match_rule = 'part'
            and candidate_hits.affiliation_raw = part_names.affiliation_raw
            and candidate_hits.token_start = part_names.token_first
            and candidate_hits.token_end = part_names.token_name_last

),

-- acronym: printed with a capital somewhere (MIT, UPenn, xAI);
-- capitals: printed all in capitals (US, U.S., UK); part: a part's name
hits as (

    select
        affiliation_raw,
        token_start,
        token_end,
        target_kind,
        target_id,
        alias_normalized,
        match_rule
    from printed
    where
        match_rule in ('phrase', 'word')
        or (
            match_rule = 'acronym'
            and printed_text != lower(printed_text)
        )
        or (
            match_rule = 'capitals'
            and printed_text != ''
            and printed_text = upper(printed_text)
        )
        or (match_rule = 'part' and is_part_name)

),

spans as (

    select distinct
        affiliation_raw,
        token_start,
        token_end
    from hits

),

covered as (

    select distinct
        inner_span.affiliation_raw,
        inner_span.token_start,
        inner_span.token_end
    from spans as inner_span
    inner join spans as outer_span
        on
            inner_span.affiliation_raw = outer_span.affiliation_raw
            and inner_span.token_start >= outer_span.token_start
            and inner_span.token_end <= outer_span.token_end
            and (inner_span.token_end - inner_span.token_start)
            < (outer_span.token_end - outer_span.token_start)

),

final as (

    select
        hits.affiliation_raw,
        hits.token_start,
        hits.token_end,
        hits.target_kind,
        hits.target_id,
        hits.alias_normalized,
        hits.match_rule
    from hits
    left join covered
        on
            hits.affiliation_raw = covered.affiliation_raw
            and hits.token_start = covered.token_start
            and hits.token_end = covered.token_end
    where covered.affiliation_raw is null

)

select * from final
