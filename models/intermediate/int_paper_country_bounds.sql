-- Per paper, territory policy and evidence basis: the US and China credit and
-- flags the headline counts, and how far they could still move if the
-- paper's open affiliations (of its chosen source) were resolved.
--
-- Evidence basis: under broad a row with a country is fixed; under strict only
-- a row with site evidence (fct_affiliations.evidence_basis = 'site') is, and
-- a headquarters-only row is open: its site is unknown. An open row can take
-- its candidates' countries (ambiguous rows, after the territory policy) or,
-- without candidates (unresolved, headquarters under strict), any country.
--
-- Credit as in int_paper_countries_reported: each credit holder (an author,
-- or an affiliation tied to no author) holds one equal share of the paper,
-- split equally across its countries; holders without a country are left
-- out. For a country X (US or CN):
--   figure: fixed rows only (the headline as it stands);
--   low:    every open row that can lie outside X does, each as a country of
--           its own (the most its holder's X share can shrink);
--   high:   every open row that can lie in X does; open rows that cannot are
--           left out, as the figure leaves them.
-- So low <= figure <= high. A flag (X present) holds at low as at figure
-- (an open row can add a country, never remove one) and at high when a
-- fixed row or an open row can be X. US and China both: at high each missing
-- country needs its own open row (Hall's condition for two countries).
--
-- A table, not a view (an exception to the intermediate-views rule): on Spark,
-- rpt_headline reads it in several branches, and the view's plan expanded in
-- each made rpt_headline's plan too deep for a Spark task to deserialize.
{{ config(materialized='table') }}
{% set countries = [('us', 'US'), ('cn', 'CN')] %}
with

affiliations as (

    select
        affiliation_match_id,
        paper_id,
        source,
        author_position,
        affiliation_position,
        country_code,
        evidence_basis,
        candidate_countries
    from {{ ref('fct_affiliations') }}

),

chosen_sources as (

    select
        paper_id,
        source
    from {{ ref('int_paper_sources_chosen') }}

),

territory_policies as (

    select
        policy_id,
        country_code,
        reporting_country_code
    from {{ ref('territory_policies') }}

),

policies as (

    select distinct policy_id
    from territory_policies

),

evidence_bases as (

    select 'broad' as evidence_basis
    union all
    select 'strict' as evidence_basis

),

papers as (

    select distinct paper_id
    from chosen_sources

),

chosen_affiliations as (

    select
        affiliations.affiliation_match_id,
        affiliations.paper_id,
        affiliations.source || ':' || coalesce(
            'author:' || cast(affiliations.author_position as string),
            'affiliation:' || cast(affiliations.affiliation_position as string)
        ) as credit_holder,
        affiliations.country_code,
        affiliations.evidence_basis as row_evidence_basis,
        affiliations.candidate_countries
    from affiliations
    inner join chosen_sources
        on
            affiliations.paper_id = chosen_sources.paper_id
            and affiliations.source = chosen_sources.source

),

candidate_lists as (

    select
        affiliation_match_id,
        {{ split_to_list('candidate_countries', '|') }} as candidates
    from chosen_affiliations
    where country_code is null and candidate_countries is not null

),

candidate_positions as (

    select
        affiliation_match_id,
        candidates,
        {{ explode_series('1', list_size('candidates')) }} as candidate_position
    from candidate_lists

),

candidates as (

    select
        affiliation_match_id,
        {{ list_element('candidates', 'candidate_position') }} as country_code
    from candidate_positions

),

-- where an ambiguous row could lie, as each policy reports it
reported_candidates as (

    select
        policies.policy_id,
        candidates.affiliation_match_id,
        coalesce(
            territory_policies.reporting_country_code, candidates.country_code
        ) as country_code
    from candidates
    cross join policies
    left join territory_policies
        on
            policies.policy_id = territory_policies.policy_id
            and candidates.country_code = territory_policies.country_code

),

candidate_reach as (

    select
        policy_id,
        affiliation_match_id,
        bool_or(country_code = 'US') as can_be_us,
        bool_or(country_code != 'US') as can_avoid_us,
        bool_or(country_code = 'CN') as can_be_cn,
        bool_or(country_code != 'CN') as can_avoid_cn
    from reported_candidates
    group by policy_id, affiliation_match_id

),

fixed as (

    select
        policies.policy_id,
        evidence_bases.evidence_basis,
        chosen_affiliations.affiliation_match_id,
        chosen_affiliations.paper_id,
        chosen_affiliations.credit_holder,
        case
            when
                chosen_affiliations.country_code is not null
                and (
                    evidence_bases.evidence_basis = 'broad'
                    or chosen_affiliations.row_evidence_basis = 'site'
                )
                then coalesce(
                    territory_policies.reporting_country_code,
                    chosen_affiliations.country_code
                )
        end as fixed_country_code
    from chosen_affiliations
    cross join policies
    cross join evidence_bases
    left join territory_policies
        on
            policies.policy_id = territory_policies.policy_id
            and chosen_affiliations.country_code
            = territory_policies.country_code

),

-- an open row reaches its candidates' countries, else any country
reach as (

    select
        fixed.policy_id,
        fixed.evidence_basis,
        fixed.paper_id,
        fixed.credit_holder,
        fixed.fixed_country_code,
        {% for prefix, code in countries %}
            fixed.fixed_country_code is null
            and coalesce(candidate_reach.can_be_{{ prefix }}, true)
                as can_be_{{ prefix }},
            fixed.fixed_country_code is null
            and coalesce(candidate_reach.can_avoid_{{ prefix }}, true)
                as can_avoid_{{ prefix }},
        {% endfor %}
        fixed.fixed_country_code is null
        and coalesce(
            candidate_reach.can_be_us or candidate_reach.can_be_cn, true
        ) as can_be_us_or_cn
    from fixed
    left join candidate_reach
        on
            fixed.policy_id = candidate_reach.policy_id
            and fixed.affiliation_match_id
            = candidate_reach.affiliation_match_id

),

holders as (

    select
        policy_id,
        evidence_basis,
        paper_id,
        credit_holder,
        count(distinct fixed_country_code) as count_fixed_countries,
        {% for prefix, code in countries %}
            coalesce(bool_or(fixed_country_code = '{{ code }}'), false)
                as has_{{ prefix }},
            sum(case when can_be_{{ prefix }} then 1 else 0 end)
                as count_open_{{ prefix }},
            sum(case when can_avoid_{{ prefix }} then 1 else 0 end)
                as count_open_not_{{ prefix }},
        {% endfor %}
        sum(case when can_be_us_or_cn then 1 else 0 end)
            as count_open_us_or_cn
    from reach
    group by policy_id, evidence_basis, paper_id, credit_holder

),

-- each holder's share of the paper per country, before dividing by the
-- number of holders counted (which differs between figure, low and high)
holder_shares as (

    select
        policy_id,
        evidence_basis,
        paper_id,
        count_fixed_countries > 0 as is_counted,
        {% for prefix, code in countries %}
            has_{{ prefix }},
            count_open_{{ prefix }},
            case
                when has_{{ prefix }}
                    then cast(1 as double) / count_fixed_countries
                else 0
            end as {{ prefix }}_share,
            count_fixed_countries + count_open_not_{{ prefix }} > 0
                as is_counted_{{ prefix }}_low,
            case
                when has_{{ prefix }}
                    then
                        cast(1 as double)
                        / (count_fixed_countries + count_open_not_{{ prefix }})
                else 0
            end as {{ prefix }}_share_low,
            count_fixed_countries > 0 or count_open_{{ prefix }} > 0
                as is_counted_{{ prefix }}_high,
            case
                when has_{{ prefix }}
                    then cast(1 as double) / count_fixed_countries
                when count_open_{{ prefix }} > 0
                    then cast(1 as double) / (count_fixed_countries + 1)
                else 0
            end as {{ prefix }}_share_high,
        {% endfor %}
        count_open_us_or_cn
    from holders

),

paper_bounds as (

    select
        policy_id,
        evidence_basis,
        paper_id,
        {% for prefix, code in countries %}
            sum({{ prefix }}_share) / nullif(
                sum(case when is_counted then 1 else 0 end), 0
            ) as {{ prefix }}_credit,
            sum({{ prefix }}_share_low) / nullif(
                sum(case when is_counted_{{ prefix }}_low then 1 else 0 end), 0
            ) as {{ prefix }}_credit_low,
            sum({{ prefix }}_share_high) / nullif(
                sum(case when is_counted_{{ prefix }}_high then 1 else 0 end), 0
            ) as {{ prefix }}_credit_high,
            bool_or(has_{{ prefix }}) as has_{{ prefix }},
            sum(count_open_{{ prefix }}) as count_open_{{ prefix }},
        {% endfor %}
        sum(count_open_us_or_cn) as count_open_us_or_cn
    from holder_shares
    group by policy_id, evidence_basis, paper_id

),

final as (

    select
        policies.policy_id,
        evidence_bases.evidence_basis,
        papers.paper_id,
        {% for prefix, code in countries %}
            coalesce(paper_bounds.{{ prefix }}_credit, 0)
                as {{ prefix }}_credit,
            coalesce(paper_bounds.{{ prefix }}_credit_low, 0)
                as {{ prefix }}_credit_low,
            coalesce(paper_bounds.{{ prefix }}_credit_high, 0)
                as {{ prefix }}_credit_high,
            coalesce(paper_bounds.has_{{ prefix }}, false) as has_{{ prefix }},
            coalesce(
                paper_bounds.has_{{ prefix }}
                or paper_bounds.count_open_{{ prefix }} > 0,
                false
            ) as is_{{ prefix }}_possible,
        {% endfor %}
        coalesce(paper_bounds.has_us and paper_bounds.has_cn, false)
            as is_us_china,
        -- each country the paper lacks needs an open row of its own
        coalesce(
            (paper_bounds.has_us or paper_bounds.count_open_us > 0)
            and (paper_bounds.has_cn or paper_bounds.count_open_cn > 0)
            and (
                paper_bounds.has_us
                or paper_bounds.has_cn
                or paper_bounds.count_open_us_or_cn >= 2
            ),
            false
        ) as is_us_china_possible
    from papers
    cross join policies
    cross join evidence_bases
    left join paper_bounds
        on
            policies.policy_id = paper_bounds.policy_id
            and evidence_bases.evidence_basis = paper_bounds.evidence_basis
            and papers.paper_id = paper_bounds.paper_id

)

select * from final
