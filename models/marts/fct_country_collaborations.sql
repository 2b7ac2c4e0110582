-- Unordered country pairs that share papers, per edition and territory
-- policy. A paper with authors in n countries adds one to each of its
-- n(n-1)/2 pairs in its edition. Summed over editions, a pair's count_papers
-- is the whole warehouse's (every paper is in exactly one edition).
with

paper_countries as (

    select
        policy_id,
        paper_id,
        country_code
    from {{ ref('int_paper_countries_reported') }}

),

papers as (

    select
        paper_id,
        edition_id
    from {{ ref('dim_papers') }}

),

edition_totals as (

    select
        edition_id,
        count(*) as count_papers
    from papers
    group by edition_id

),

edition_countries as (

    select
        papers.edition_id,
        paper_countries.policy_id,
        paper_countries.paper_id,
        paper_countries.country_code
    from paper_countries
    inner join papers
        on paper_countries.paper_id = papers.paper_id

),

pairs as (

    select
        first_country.edition_id,
        first_country.policy_id,
        first_country.country_code as country_code_a,
        second_country.country_code as country_code_b,
        count(distinct first_country.paper_id) as count_papers
    from edition_countries as first_country
    inner join edition_countries as second_country
        on
            first_country.policy_id = second_country.policy_id
            and first_country.paper_id = second_country.paper_id
            and first_country.country_code < second_country.country_code
    group by
        first_country.edition_id,
        first_country.policy_id,
        first_country.country_code,
        second_country.country_code

),

final as (

    select
        pairs.edition_id
        || ':' || pairs.policy_id
        || ':' || pairs.country_code_a
        || ':' || pairs.country_code_b as country_collaboration_id,
        pairs.edition_id,
        pairs.policy_id,
        pairs.country_code_a,
        pairs.country_code_b,
        pairs.count_papers,
        pairs.count_papers / nullif(edition_totals.count_papers, 0)
            as share_of_papers
    from pairs
    inner join edition_totals
        on pairs.edition_id = edition_totals.edition_id

)

select * from final
