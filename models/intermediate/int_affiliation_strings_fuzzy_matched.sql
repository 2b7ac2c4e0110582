-- A table, like the exact matcher: int_affiliations_resolved and the tests
-- read it, and its scoring is the second costliest step of the build.
{{ config(materialized='table') }}

-- The tolerant match, for strings in which no institution alias was found
-- (int_affiliation_strings_matched). Each part of such a string (at , ; +,
-- int_affiliation_string_parts; parenthesized parts are never scored) is
-- compared with the institution names and aliases of int_alias_tokens:
--   1. words read by macro canonical_token (abbreviations and foreign forms
--      expanded, function words dropped); a word of five letters or more
--      that no alias has is read as the alias word at Levenshtein distance 1
--      (2 from nine letters), or with two neighbouring letters swapped, with
--      the same first two letters and a length within 2: the blocking
--      that keeps this a join on a key, never a cross join of words with
--      the vocabulary (common misspellings of the institution words are
--      read in canonical_token);
--   2. candidates: aliases that share a rare word with the part (a word of
--      at most var fuzzy_max_candidate_institutions institutions), so
--      "university" alone never makes a candidate;
--   3. score = the weighted share of the alias's words found in the string
--      x the weighted share of the part's words the alias explains (a word
--      no alias has weighs as much as the rarest), with at least two alias
--      words in the part itself and the alias's rarest word in the string
--      ("The Institute of Mathematical Sciences" is not the Courant
--      Institute of Mathematical Sciences), a word of at most var
--      fuzzy_max_name_institutions institutions (a name of common words only,
--      "Institute of Information Technology", names no one institution); a
--      part that is only a place (an exact location match) is never scored;
--   3b. a part equal to an alias once spaces are ignored scores 1.0, and so
--       does a part whose words (as in 1.) are exactly an alias's words;
--   4. contenders: candidates within var fuzzy_margin of the best, when the
--      best reaches var fuzzy_min_score and at least var
--      fuzzy_min_alias_share of its alias's weight is in the string (a
--      department is not its university: "Electrical Engineering & Computer
--      Science Department" is not the alias that goes on ", University of
--      California, Berkeley", nor "Disney Research" "Disney Research
--      Zurich"; a best that falls short leaves the part unchosen, it does
--      not promote the runner-up). int_affiliations_resolved chooses
--      a single contender, and calls several ambiguous (with a country only
--      when they all share it).
-- One row per string, part and contending institution.
with

affiliations as (

    select affiliation_raw
    from {{ ref('stg_raw__affiliations') }}
    where affiliation_raw is not null

),

exact_matches as (

    select
        affiliation_raw,
        token_start,
        token_end,
        target_kind
    from {{ ref('int_affiliation_strings_matched') }}

),

parts as (

    select
        affiliation_raw,
        part_index,
        is_parenthesized,
        part_normalized,
        count_tokens,
        token_first,
        token_last
    from {{ ref('int_affiliation_string_parts') }}

),

alias_tokens as (

    select
        institution_id,
        alias_normalized,
        token,
        count_institutions,
        token_weight,
        alias_weight,
        is_candidate
    from {{ ref('int_alias_tokens') }}

),

institutions as (

    select
        institution_id,
        country_code
    from {{ ref('institutions') }}

),

-- an institution alias inside parentheses ("Full Name (ACR)") does not stop
-- the full name from being read: the acronym never overrides it
named_strings as (

    select exact_matches.affiliation_raw
    from exact_matches
    anti join parts
        on
            exact_matches.affiliation_raw = parts.affiliation_raw
            and parts.is_parenthesized
            and exact_matches.token_start >= parts.token_first
            and exact_matches.token_end <= parts.token_last
    where exact_matches.target_kind = 'institution'

),

unmatched_strings as (

    select distinct affiliations.affiliation_raw
    from affiliations
    anti join named_strings
        on affiliations.affiliation_raw = named_strings.affiliation_raw

),

-- a part that is only a place ("New York", "Republic of Korea") is an
-- address, not a name: "K Health, New York" is not New York University
address_parts as (

    select
        parts.affiliation_raw,
        parts.part_index
    from parts
    inner join exact_matches
        on
            parts.affiliation_raw = exact_matches.affiliation_raw
            and parts.token_first <= exact_matches.token_start
            and parts.token_last >= exact_matches.token_end
    where exact_matches.target_kind = 'location'
    group by parts.affiliation_raw, parts.part_index, parts.count_tokens
    having
        sum(exact_matches.token_end - exact_matches.token_start + 1)
        >= parts.count_tokens

),

part_words as (

    select
        parts.affiliation_raw,
        parts.part_index,
        parts.is_parenthesized,
        {{ split_to_list('parts.part_normalized', ' ') }} as words
    from parts
    inner join unmatched_strings
        on parts.affiliation_raw = unmatched_strings.affiliation_raw
    anti join address_parts
        on
            parts.affiliation_raw = address_parts.affiliation_raw
            and parts.part_index = address_parts.part_index
    where parts.count_tokens > 0

),

word_positions as (

    select
        affiliation_raw,
        part_index,
        is_parenthesized,
        words,
        {{ explode_series('1', list_size('words')) }} as word_position
    from part_words

),

words as (

    select
        affiliation_raw,
        part_index,
        is_parenthesized,
        {{ bare_word(list_element('words', 'word_position')) }} as word
    from word_positions

),

printed_tokens as (

    select distinct
        affiliation_raw,
        part_index,
        is_parenthesized,
        {{ canonical_token('word') }} as token
    from words

),

vocabulary as (

    select distinct
        token,
        count_institutions,
        token_weight
    from alias_tokens

),

rarest_weight as (

    select max(token_weight) as token_weight
    from vocabulary

),

unknown_tokens as (

    select distinct printed_tokens.token
    from printed_tokens
    anti join vocabulary
        on printed_tokens.token = vocabulary.token
    where length(printed_tokens.token) >= 5

),

typo_pairs as (

    select
        unknown_tokens.token as printed_token,
        vocabulary.token as vocabulary_token,
        levenshtein(unknown_tokens.token, vocabulary.token) as distance
    from unknown_tokens
    inner join vocabulary
        on
            substring(unknown_tokens.token, 1, 2)
            = substring(vocabulary.token, 1, 2)
            and abs(length(unknown_tokens.token) - length(vocabulary.token))
            <= 2
    where length(vocabulary.token) >= 4

),

-- two neighbouring letters swapped ("stanfrod") count as one edit, as a
-- person types them: each swap of an unknown word is looked up as a word
swap_positions as (

    select
        token,
        {{ explode_series('1', 'length(token) - 1') }} as swap_position
    from unknown_tokens

),

swapped_tokens as (

    select
        token,
        substring(token, 1, swap_position - 1)
        || substring(token, swap_position + 1, 1)
        || substring(token, swap_position, 1)
        || substring(token, swap_position + 2, length(token)) as swapped_token
    from swap_positions

),

swap_pairs as (

    select distinct
        swapped_tokens.token as printed_token,
        vocabulary.token as vocabulary_token,
        1 as distance
    from swapped_tokens
    inner join vocabulary
        on swapped_tokens.swapped_token = vocabulary.token
    where
        swapped_tokens.swapped_token != swapped_tokens.token
        and length(vocabulary.token) >= 4

),

typo_ranked as (

    select
        printed_token,
        vocabulary_token,
        distance,
        min(distance) over (partition by printed_token) as best_distance
    from (
        select
            printed_token,
            vocabulary_token,
            distance
        from typo_pairs
        where
            distance
            <= case when length(printed_token) >= 9 then 2 else 1 end
        union all
        select
            printed_token,
            vocabulary_token,
            distance
        from swap_pairs
    ) as all_pairs

),

typo_fixes as (

    select distinct
        printed_token,
        vocabulary_token
    from typo_ranked
    where distance = best_distance

),

string_tokens as (

    select distinct
        printed_tokens.affiliation_raw,
        printed_tokens.part_index,
        printed_tokens.is_parenthesized,
        coalesce(typo_fixes.vocabulary_token, printed_tokens.token) as token
    from printed_tokens
    left join typo_fixes
        on printed_tokens.token = typo_fixes.printed_token
    where printed_tokens.token is not null

),

weighted_tokens as (

    select
        string_tokens.affiliation_raw,
        string_tokens.part_index,
        string_tokens.is_parenthesized,
        string_tokens.token,
        vocabulary.count_institutions,
        coalesce(vocabulary.token_weight, rarest_weight.token_weight)
            as token_weight
    from string_tokens
    cross join rarest_weight
    left join vocabulary
        on string_tokens.token = vocabulary.token

),

part_weights as (

    select
        affiliation_raw,
        part_index,
        sum(token_weight) as part_weight
    from weighted_tokens
    where not is_parenthesized
    group by affiliation_raw, part_index

),

string_pool as (

    select distinct
        affiliation_raw,
        token
    from weighted_tokens

),

candidates as (

    select distinct
        weighted_tokens.affiliation_raw,
        weighted_tokens.part_index,
        alias_tokens.institution_id,
        alias_tokens.alias_normalized
    from weighted_tokens
    inner join alias_tokens
        on weighted_tokens.token = alias_tokens.token
    where
        not weighted_tokens.is_parenthesized
        and alias_tokens.is_candidate
        and weighted_tokens.count_institutions
        <= {{ var('fuzzy_max_candidate_institutions', 100) }}

),

alias_found as (

    select
        candidates.affiliation_raw,
        candidates.part_index,
        candidates.institution_id,
        candidates.alias_normalized,
        max(alias_tokens.alias_weight) as alias_weight,
        max(alias_tokens.token_weight) as rarest_weight,
        min(alias_tokens.count_institutions) as rarest_count_institutions,
        sum(
            case
                when string_pool.token is not null
                    then alias_tokens.token_weight
            end
        ) as found_weight,
        max(
            case
                when string_pool.token is not null
                    then alias_tokens.token_weight
            end
        ) as rarest_found_weight
    from candidates
    inner join alias_tokens
        on
            candidates.institution_id = alias_tokens.institution_id
            and candidates.alias_normalized = alias_tokens.alias_normalized
    left join string_pool
        on
            candidates.affiliation_raw = string_pool.affiliation_raw
            and alias_tokens.token = string_pool.token
    group by
        candidates.affiliation_raw,
        candidates.part_index,
        candidates.institution_id,
        candidates.alias_normalized

),

part_explained as (

    select
        candidates.affiliation_raw,
        candidates.part_index,
        candidates.institution_id,
        candidates.alias_normalized,
        sum(weighted_tokens.token_weight) as explained_weight,
        count(*) as count_explained
    from candidates
    inner join alias_tokens
        on
            candidates.institution_id = alias_tokens.institution_id
            and candidates.alias_normalized = alias_tokens.alias_normalized
    inner join weighted_tokens
        on
            candidates.affiliation_raw = weighted_tokens.affiliation_raw
            and candidates.part_index = weighted_tokens.part_index
            and alias_tokens.token = weighted_tokens.token
    group by
        candidates.affiliation_raw,
        candidates.part_index,
        candidates.institution_id,
        candidates.alias_normalized

),

scored as (

    select
        alias_found.affiliation_raw,
        alias_found.part_index,
        alias_found.institution_id,
        alias_found.alias_normalized,
        -- rounded: float sums in another order (threads, engines) differ in
        -- the last bits, and the score must not
        round(
            (alias_found.found_weight / alias_found.alias_weight)
            * (part_explained.explained_weight / part_weights.part_weight),
            9
        ) as match_score,
        round(alias_found.found_weight / alias_found.alias_weight, 9)
            as alias_share
    from alias_found
    inner join part_explained
        on
            alias_found.affiliation_raw = part_explained.affiliation_raw
            and alias_found.part_index = part_explained.part_index
            and alias_found.institution_id = part_explained.institution_id
            and alias_found.alias_normalized
            = part_explained.alias_normalized
    inner join part_weights
        on
            alias_found.affiliation_raw = part_weights.affiliation_raw
            and alias_found.part_index = part_weights.part_index
    where
        part_explained.count_explained >= 2
        and alias_found.rarest_found_weight = alias_found.rarest_weight
        and alias_found.rarest_count_institutions
        <= {{ var('fuzzy_max_name_institutions', 30) }}

),

-- a part that is an alias of two words or more once spaces are ignored
-- ("Sungkyun Kwan University", "University of S ˜ao Paulo" as PDF text
-- splits it, "Kakaobrain") scores as the alias itself; ten letters at least,
-- so short names never meet by chance
compact_aliases as (

    select distinct
        institution_id,
        alias_normalized,
        replace(alias_normalized, ' ', '') as alias_compact
    from alias_tokens
    where is_candidate

),

compact_scored as (

    select distinct
        parts.affiliation_raw,
        parts.part_index,
        compact_aliases.institution_id,
        compact_aliases.alias_normalized,
        cast(1.0 as double) as match_score,
        cast(1.0 as double) as alias_share
    from parts
    inner join unmatched_strings
        on parts.affiliation_raw = unmatched_strings.affiliation_raw
    inner join compact_aliases
        on
            replace(parts.part_normalized, ' ', '')
            = compact_aliases.alias_compact
    anti join address_parts
        on
            parts.affiliation_raw = address_parts.affiliation_raw
            and parts.part_index = address_parts.part_index
    where
        not parts.is_parenthesized
        and length(compact_aliases.alias_compact) >= 10

),

-- a part whose words, read by canonical_token and typo reading, are
-- exactly an alias's words ("Natl. Institutes of Health", "Calif. Inst. of
-- Technology", "Stanfrod University") is that alias written short or
-- misspelt: it scores 1.0 even when every word is common, as the exact
-- matcher would take the alias spelt out
part_keys as (

    select
        affiliation_raw,
        part_index,
        {{ sorted_string_agg('token', ' ') }} as part_token_key,
        count(*) as count_part_tokens
    from string_tokens
    where not is_parenthesized
    group by affiliation_raw, part_index

),

alias_keys as (

    select
        institution_id,
        alias_normalized,
        {{ sorted_string_agg('token', ' ') }} as alias_token_key
    from alias_tokens
    where is_candidate
    group by institution_id, alias_normalized

),

key_scored as (

    select distinct
        part_keys.affiliation_raw,
        part_keys.part_index,
        alias_keys.institution_id,
        alias_keys.alias_normalized,
        cast(1.0 as double) as match_score,
        cast(1.0 as double) as alias_share
    from part_keys
    inner join alias_keys
        on part_keys.part_token_key = alias_keys.alias_token_key
    where part_keys.count_part_tokens >= 2

),

all_scored as (

    select * from scored
    union all
    select * from compact_scored
    union all
    select * from key_scored

),

best_alias as (

    select
        affiliation_raw,
        part_index,
        institution_id,
        alias_normalized,
        match_score,
        alias_share,
        row_number() over (
            partition by affiliation_raw, part_index, institution_id
            order by match_score desc, alias_normalized asc
        ) as alias_rank
    from all_scored

),

ranked as (

    select
        affiliation_raw,
        part_index,
        institution_id,
        alias_normalized,
        match_score,
        row_number() over (
            partition by affiliation_raw, part_index
            order by match_score desc, institution_id asc
        ) as score_rank,
        max(match_score) over (
            partition by affiliation_raw, part_index
        ) as best_score,
        first_value(alias_share) over (
            partition by affiliation_raw, part_index
            order by match_score desc, institution_id asc
        ) as best_alias_share
    from best_alias
    where alias_rank = 1

),

-- the best two institutions of each part: a contender's runner-up is the
-- best other one
top_two as (

    select
        affiliation_raw,
        part_index,
        institution_id,
        match_score,
        score_rank
    from ranked
    where score_rank <= 2

),

contenders as (

    select
        affiliation_raw,
        part_index,
        institution_id,
        alias_normalized,
        match_score,
        score_rank
    from ranked
    where
        best_score >= {{ var('fuzzy_min_score', 0.6) }}
        and best_alias_share >= {{ var('fuzzy_min_alias_share', 0.7) }}
        and match_score >= best_score - {{ var('fuzzy_margin', 0.15) }}

),

final as (

    select
        contenders.affiliation_raw,
        contenders.part_index,
        contenders.institution_id,
        institutions.country_code,
        contenders.alias_normalized,
        contenders.match_score,
        contenders.score_rank,
        count(*) over (
            partition by contenders.affiliation_raw, contenders.part_index
        ) as count_contenders,
        top_two.institution_id as runner_up_institution_id,
        top_two.match_score as runner_up_score
    from contenders
    inner join institutions
        on contenders.institution_id = institutions.institution_id
    left join top_two
        on
            contenders.affiliation_raw = top_two.affiliation_raw
            and contenders.part_index = top_two.part_index
            and top_two.score_rank
            = case when contenders.score_rank = 1 then 2 else 1 end

)

select * from final
