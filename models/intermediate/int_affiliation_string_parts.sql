-- A table, like the other matching models: three models and their tests read
-- it, and it runs a regex over every distinct string.
{{ config(materialized='table') }}

-- Cuts every distinct affiliation string into parts at , ; + ( and ), the
-- way authors separate a department, an institution and an address. A part
-- that starts with "(" is parenthesized: "Full Name (ACR)" or "(Guangzhou)".
-- Each part's words keep their positions in the whole string's words (the
-- positions int_affiliation_strings_matched uses), so a part knows which
-- exact matches fall inside it: separators are never letters or digits, so
-- the words of the parts, in order, are the words of the string.
with

affiliations as (

    select affiliation_raw
    from {{ ref('stg_raw__affiliations') }}

),

strings as (

    -- each match is one separator (or the start) and the text up to the next
    select distinct
        affiliation_raw,
        regexp_extract_all(
            affiliation_raw, '([,;+()]|^)[^,;+()]*', 0
        ) as pieces
    from affiliations
    where affiliation_raw is not null

),

numbered as (

    select
        affiliation_raw,
        pieces,
        {{ explode_series('1', list_size('pieces')) }} as part_index
    from strings

),

parts as (

    select
        affiliation_raw,
        part_index,
        {{ list_element('pieces', 'part_index') }} as piece
    from numbered

),

normalized as (

    select
        affiliation_raw,
        part_index,
        substring(piece, 1, 1) = '(' as is_parenthesized,
        {{ normalize_text('piece') }} as part_normalized
    from parts

),

counted as (

    select
        affiliation_raw,
        part_index,
        is_parenthesized,
        part_normalized,
        case
            when part_normalized = '' then 0
            else {{ list_size(split_to_list('part_normalized', ' ')) }}
        end as count_tokens,
        -- the words of the name before its company forms ("Pumas-AI Inc.":
        -- 2 of 3), which the `part` match rule compares
        case
            when part_normalized = '' then 0
            else {{ list_size(split_to_list(
                drop_legal_forms('part_normalized'), ' '
            )) }}
        end as count_name_tokens
    from normalized

),

positioned as (

    select
        affiliation_raw,
        part_index,
        is_parenthesized,
        part_normalized,
        count_tokens,
        count_name_tokens,
        1 + coalesce(sum(count_tokens) over (
            partition by affiliation_raw
            order by part_index
            rows between unbounded preceding and 1 preceding
        ), 0) as token_first
    from counted

),

final as (

    select
        affiliation_raw,
        part_index,
        is_parenthesized,
        part_normalized,
        count_tokens,
        count_name_tokens,
        token_first,
        token_first + count_tokens - 1 as token_last
    from positioned

)

select * from final
