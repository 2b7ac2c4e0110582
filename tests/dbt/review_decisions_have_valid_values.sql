-- Each review decision has the value and target its kind needs: set_country
-- a country code of seed countries, set_institution an institution_id of
-- seed institutions, the others no value; exclude_paper names the whole paper
-- and not_an_affiliation an author or a string. Fails naming the seed row.
with

decisions as (

    select distinct
        paper_id,
        coalesce(cast(author_position as string), '') as author_position,
        coalesce(affiliation_raw, '') as affiliation_raw,
        decision,
        value,
        is_paper_level
    from {{ ref('int_review_decisions_matched') }}

),

countries as (

    select country_code
    from {{ ref('countries') }}

),

institutions as (

    select institution_id
    from {{ ref('institutions') }}

),

problems as (

    select
        decisions.paper_id,
        decisions.author_position,
        decisions.affiliation_raw,
        decisions.decision,
        coalesce(decisions.value, '') as decision_value,
        case
            when
                decisions.decision = 'set_country'
                and countries.country_code is null
                then
                    'value "' || coalesce(decisions.value, '')
                    || '" is not a country_code in seeds/countries.csv'
            when
                decisions.decision = 'set_institution'
                and institutions.institution_id is null
                then
                    'value "' || coalesce(decisions.value, '')
                    || '" is not an institution_id in seeds/institutions.csv'
            when
                decisions.decision
                not in ('set_country', 'set_institution')
                and decisions.value is not null
                then
                    'value "' || decisions.value || '" should be empty for '
                    || decisions.decision
            when
                decisions.decision = 'exclude_paper'
                and not decisions.is_paper_level
                then
                    'exclude_paper names the whole paper: leave'
                    || ' author_position and affiliation_raw empty'
            when
                decisions.decision = 'not_an_affiliation'
                and decisions.is_paper_level
                then
                    'not_an_affiliation needs an author_position'
                    || ' or an affiliation_raw'
        end as problem
    from decisions
    left join countries
        on decisions.value = countries.country_code
    left join institutions
        on decisions.value = institutions.institution_id

)

-- the error sits in the filter, which dbt's count(*) wrapper still evaluates
select paper_id
from problems
where
    problem is not null
    and case
        when problem is not null
            then {{ error_function() }}(
                'review_decisions row (' || paper_id || ', ' || author_position
                || ', ' || affiliation_raw || ', ' || decision || ', '
                || decision_value || '): ' || problem
            )
    end is null
