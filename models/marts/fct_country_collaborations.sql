-- Unordered country pairs that share papers, per territory policy. A paper
-- with authors in n countries adds one to each of its n(n-1)/2 pairs.
with

paper_countries as (

    select
        policy_id,
        paper_id,
        country_code
    from {{ ref('int_paper_countries_reported') }}

),

papers as (

    select paper_id
    from {{ ref('dim_papers') }}

),

total as (

    select count(*) as count_papers
    from papers

),

pairs as (

    select
        first_country.policy_id,
        first_country.country_code as country_code_a,
        second_country.country_code as country_code_b,
        count(distinct first_country.paper_id) as count_papers
    from paper_countries as first_country
    inner join paper_countries as second_country
        on
            first_country.policy_id = second_country.policy_id
            and first_country.paper_id = second_country.paper_id
            and first_country.country_code < second_country.country_code
    group by
        first_country.policy_id,
        first_country.country_code,
        second_country.country_code

),

final as (

    select
        pairs.policy_id
        || ':' || pairs.country_code_a
        || ':' || pairs.country_code_b as country_collaboration_id,
        pairs.policy_id,
        pairs.country_code_a,
        pairs.country_code_b,
        pairs.count_papers,
        pairs.count_papers / nullif(total.count_papers, 0) as share_of_papers
    from pairs
    cross join total

)

select * from final
