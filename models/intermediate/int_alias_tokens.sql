-- A table: the tolerant matcher reads it three times, and its weights need
-- a pass over every alias.
{{ config(materialized='table') }}

-- The vocabulary of the tolerant matcher: every institution name and alias
-- cut into words read by macro canonical_token ("Univ. of Tokyo" and
-- "University of Tokyo" both give university, tokyo), one row per alias and
-- word. A word's weight is its rarity over institutions (inverse document
-- frequency, ln(1 + institutions / institutions with the word)): "fudan"
-- weighs much more than "university". Acronym and capitals aliases (MIT,
-- NTU) and one-word aliases are never candidates of the tolerant match: it
-- never chooses on an acronym or on one word alone.

with

aliases as (

    select
        target_id as institution_id,
        alias_normalized,
        match_rule
    from {{ ref('int_aliases_unioned') }}
    where target_kind = 'institution'

),

institutions as (

    select
        institution_id,
        institution_name
    from {{ ref('institutions') }}

),

names as (

    select
        institution_id,
        alias_normalized,
        match_rule
    from aliases

    union

    select
        institution_id,
        regexp_replace(
            {{ normalize_text('institution_name') }}, '^the ', ''
        ) as alias_normalized,
        'phrase' as match_rule
    from institutions

),

alias_rules as (

    select
        institution_id,
        alias_normalized,
        {{ split_to_list('alias_normalized', ' ') }} as words,
        bool_and(match_rule in ('phrase', 'word')) as is_phrase
    from names
    where alias_normalized != ''
    group by institution_id, alias_normalized

),

word_positions as (

    select
        institution_id,
        alias_normalized,
        words,
        {{ explode_series('1', list_size('words')) }} as word_position
    from alias_rules

),

words as (

    select
        institution_id,
        alias_normalized,
        {{ bare_word(list_element('words', 'word_position')) }} as word
    from word_positions

),

tokens as (

    select distinct
        institution_id,
        alias_normalized,
        {{ canonical_token('word') }} as token
    from words

),

informative_tokens as (

    select
        institution_id,
        alias_normalized,
        token
    from tokens
    where token is not null

),

document_frequency as (

    select
        token,
        count(distinct institution_id) as count_institutions
    from informative_tokens
    group by token

),

institution_count as (

    select count(distinct institution_id) as count_institutions
    from informative_tokens

),

weighted as (

    select
        informative_tokens.institution_id,
        informative_tokens.alias_normalized,
        informative_tokens.token,
        document_frequency.count_institutions,
        ln(
            1 + institution_count.count_institutions
            / document_frequency.count_institutions
        ) as token_weight
    from informative_tokens
    inner join document_frequency
        on informative_tokens.token = document_frequency.token
    cross join institution_count

),

alias_weights as (

    select
        institution_id,
        alias_normalized,
        sum(token_weight) as alias_weight,
        count(*) as count_alias_tokens
    from weighted
    group by institution_id, alias_normalized

),

final as (

    select
        weighted.institution_id,
        weighted.alias_normalized,
        weighted.token,
        weighted.count_institutions,
        weighted.token_weight,
        alias_weights.alias_weight,
        alias_weights.count_alias_tokens,
        alias_rules.is_phrase and alias_weights.count_alias_tokens >= 2
            as is_candidate
    from weighted
    inner join alias_weights
        on
            weighted.institution_id = alias_weights.institution_id
            and weighted.alias_normalized = alias_weights.alias_normalized
    inner join alias_rules
        on
            weighted.institution_id = alias_rules.institution_id
            and weighted.alias_normalized = alias_rules.alias_normalized

)

select * from final
