-- An alias that names two institutions (NTU, Northeastern University) must say so
-- with is_ambiguous on each of its rows; otherwise a new row for an existing name
-- is probably a mistake. Fails naming the alias and its institutions.
with

aliases as (

    select
        institution_id,
        is_ambiguous,
        regexp_replace({{ normalize_text('alias') }}, '^the ', '')
            as alias_normalized
    from {{ ref('institution_aliases') }}

),

shared as (

    select
        alias_normalized,
        {{ sorted_string_agg('institution_id', ', ') }} as institution_ids
    from aliases
    group by alias_normalized
    having
        count(distinct institution_id) > 1
        and not bool_and(coalesce(is_ambiguous, false))

)

-- the error sits in the filter, which dbt's count(*) wrapper still evaluates
select alias_normalized
from shared
where
    {{ error_function() }}(
        'institution_aliases: "' || alias_normalized || '" names '
        || institution_ids || ' but not every row has is_ambiguous = true'
    ) is null
