-- The review queue: affiliation strings the seeds do not resolve to a country
-- (unresolved) or to one institution (ambiguous), ranked by how many papers
-- they affect and, first, by whether resolving them could change a paper's
-- US or China flag: the paper has no US flag or no China flag yet. Strings
-- known to name no place (seed unplaceable_affiliations, "Independent
-- Researcher") come last.
with

affiliations as (

    select
        paper_id,
        affiliation_raw,
        email_domain,
        match_method,
        evidence,
        country_code
    from {{ ref('fct_affiliations') }}

),

unplaceable as (

    select affiliation_normalized
    from {{ ref('unplaceable_affiliations') }}

),

paper_countries as (

    select
        paper_id,
        country_code
    from {{ ref('int_paper_countries_reported') }}
    where policy_id = '{{ var("territory_policy") }}'

),

paper_flags as (

    select
        paper_id,
        bool_or(country_code = 'US') as has_us,
        bool_or(country_code = 'CN') as has_cn
    from paper_countries
    group by paper_id

),

open_affiliations as (

    select
        affiliations.paper_id,
        affiliations.affiliation_raw,
        affiliations.email_domain,
        affiliations.match_method,
        affiliations.evidence,
        not(
            coalesce(paper_flags.has_us, false)
            and coalesce(paper_flags.has_cn, false)
        ) as could_change_us_china_flag
    from affiliations
    left join paper_flags
        on affiliations.paper_id = paper_flags.paper_id
    where affiliations.match_method in ('unresolved', 'ambiguous')

),

ranked as (

    select
        affiliation_raw,
        min(match_method) as match_method,
        count(distinct paper_id) as count_papers,
        count(distinct paper_id) filter (
            where could_change_us_china_flag
        ) as count_papers_flag_could_change,
        {{ sorted_string_agg('email_domain', ', ') }} as email_domains,
        min(evidence) as evidence,
        min(paper_id) as example_paper_id
    from open_affiliations
    group by affiliation_raw

),

flagged as (

    select
        ranked.*,
        unplaceable.affiliation_normalized is not null as is_known_unplaceable
    from ranked
    left join unplaceable
        on
            {{ normalize_text('ranked.affiliation_raw') }}
            = unplaceable.affiliation_normalized

),

final as (

    select
        md5(affiliation_raw) as unresolved_affiliation_id,
        cast(row_number() over (
            order by
                is_known_unplaceable asc,
                count_papers_flag_could_change desc,
                count_papers desc,
                affiliation_raw asc
        ) as bigint) as review_rank,
        affiliation_raw,
        match_method,
        count_papers,
        count_papers_flag_could_change,
        email_domains,
        evidence,
        is_known_unplaceable,
        example_paper_id
    from flagged

)

select * from final
