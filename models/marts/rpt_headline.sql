-- WIRED's NeurIPS table, recomputed: every figure under every territory policy,
-- mention scope and counting rule, each row naming its definition, once per
-- edition (dim_editions) and once for all papers (edition_id all). An
-- edition's rows equal those of a warehouse holding that edition alone. The
-- rows under the project's default policy, scope and counting (dbt vars
-- territory_policy, mention_scope, counting) are flagged is_default_view.
with

papers as (

    select
        paper_id,
        edition_id,
        count_affiliations,
        has_unresolved_affiliation
    from {{ ref('dim_papers') }}

),

paper_countries as (

    select
        policy_id,
        paper_id,
        country_code,
        fractional_credit
    from {{ ref('int_paper_countries_reported') }}

),

mentions as (

    select
        paper_id,
        term_id,
        section
    from {{ ref('fct_paper_mentions') }}

),

mention_scopes as (

    select
        scope_id,
        section
    from {{ ref('mention_scopes') }}

),

affiliations as (

    select
        paper_id,
        is_resolved
    from {{ ref('fct_affiliations') }}

),

-- every paper counts in its edition and in all
paper_editions as (

    select
        paper_id,
        edition_id
    from papers

    union all

    select
        paper_id,
        'all' as edition_id
    from papers

),

editions as (

    select distinct edition_id
    from paper_editions

),

policies as (

    select distinct policy_id
    from paper_countries

),

scopes as (

    select distinct scope_id
    from mention_scopes

),

countings as (

    select 'whole' as counting
    union all
    select 'fractional' as counting

),

edition_papers as (

    select
        paper_editions.edition_id,
        papers.paper_id,
        papers.has_unresolved_affiliation
    from paper_editions
    inner join papers
        on paper_editions.paper_id = papers.paper_id

),

edition_totals as (

    select
        edition_id,
        count(*) as count_papers
    from paper_editions
    group by edition_id

),

edition_affiliations as (

    select
        paper_editions.edition_id,
        affiliations.is_resolved
    from affiliations
    inner join paper_editions
        on affiliations.paper_id = paper_editions.paper_id

),

country_credit as (

    select
        policy_id,
        paper_id,
        sum(fractional_credit) filter (where country_code = 'US')
            as us_credit,
        sum(fractional_credit) filter (where country_code = 'CN')
            as cn_credit
    from paper_countries
    group by policy_id, paper_id

),

edition_credit as (

    select
        paper_editions.edition_id,
        country_credit.policy_id,
        country_credit.paper_id,
        country_credit.us_credit,
        country_credit.cn_credit
    from country_credit
    inner join paper_editions
        on country_credit.paper_id = paper_editions.paper_id

),

scoped_mentions as (

    select distinct
        paper_editions.edition_id,
        mention_scopes.scope_id,
        mentions.paper_id,
        mentions.term_id
    from mentions
    inner join mention_scopes
        on mentions.section = mention_scopes.section
    inner join paper_editions
        on mentions.paper_id = paper_editions.paper_id

),

corpus_figures as (

    select
        edition_id,
        1 as sort_order,
        'papers' as metric,
        'all' as territory_policy,
        'all' as mention_scope,
        'whole' as counting,
        count_papers as figure,
        'papers in dim_papers (from PDFs, metadata or both)' as definition
    from edition_totals

    union all

    select
        editions.edition_id,
        2 as sort_order,
        'affiliations_resolved_share' as metric,
        'all' as territory_policy,
        'all' as mention_scope,
        'whole' as counting,
        avg(
            case
                when edition_affiliations.is_resolved then cast(1 as double)
                else 0
            end
        ) as figure,
        'share of affiliation matches in fct_affiliations with a country'
            as definition
    from editions
    inner join edition_affiliations
        on editions.edition_id = edition_affiliations.edition_id
    group by editions.edition_id

    union all

    select
        edition_id,
        3 as sort_order,
        'papers_with_unresolved_affiliation' as metric,
        'all' as territory_policy,
        'all' as mention_scope,
        'whole' as counting,
        count(*) filter (where has_unresolved_affiliation) as figure,
        'papers with an affiliation that resolved to no country'
            as definition
    from edition_papers
    group by edition_id

),

country_figures as (

    select
        editions.edition_id,
        10 as sort_order,
        'us_china_papers' as metric,
        policies.policy_id as territory_policy,
        'all' as mention_scope,
        'whole' as counting,
        count(edition_credit.paper_id) filter (
            where edition_credit.us_credit > 0 and edition_credit.cn_credit > 0
        ) as figure,
        'papers with at least one affiliation in the US and one in China '
        || '(China as the policy reports it)' as definition
    from editions
    cross join policies
    left join edition_credit
        on
            editions.edition_id = edition_credit.edition_id
            and policies.policy_id = edition_credit.policy_id
    group by editions.edition_id, policies.policy_id

    union all

    select
        editions.edition_id,
        11 as sort_order,
        'us_china_share_of_papers' as metric,
        policies.policy_id as territory_policy,
        'all' as mention_scope,
        'whole' as counting,
        count(edition_credit.paper_id) filter (
            where edition_credit.us_credit > 0 and edition_credit.cn_credit > 0
        ) / nullif(min(edition_totals.count_papers), 0) as figure,
        'us_china_papers divided by all papers' as definition
    from editions
    cross join policies
    inner join edition_totals
        on editions.edition_id = edition_totals.edition_id
    left join edition_credit
        on
            editions.edition_id = edition_credit.edition_id
            and policies.policy_id = edition_credit.policy_id
    group by editions.edition_id, policies.policy_id

),

mention_figures as (

    select
        editions.edition_id,
        20 as sort_order,
        'transformer_papers_with_china_authors' as metric,
        policies.policy_id as territory_policy,
        scopes.scope_id as mention_scope,
        countings.counting,
        coalesce(sum(
            case
                when countings.counting = 'whole' then 1.0
                else country_credit.cn_credit
            end
        ) filter (
            where
            scoped_mentions.term_id = 'transformer'
            and country_credit.cn_credit > 0
        ), 0) as figure,
        'papers mentioning a transformer within the scope, with an '
        || 'affiliation in China; fractional: summed Chinese author share'
            as definition
    from editions
    cross join policies
    cross join scopes
    cross join countings
    left join scoped_mentions
        on
            editions.edition_id = scoped_mentions.edition_id
            and scopes.scope_id = scoped_mentions.scope_id
    left join country_credit
        on
            policies.policy_id = country_credit.policy_id
            and scoped_mentions.paper_id = country_credit.paper_id
    group by
        editions.edition_id,
        policies.policy_id,
        scopes.scope_id,
        countings.counting

    union all

    select
        editions.edition_id,
        21 as sort_order,
        'llama_papers' as metric,
        'all' as territory_policy,
        scopes.scope_id as mention_scope,
        'whole' as counting,
        count(distinct scoped_mentions.paper_id) filter (
            where scoped_mentions.term_id = 'llama'
        ) as figure,
        'papers mentioning Llama within the scope' as definition
    from editions
    cross join scopes
    left join scoped_mentions
        on
            editions.edition_id = scoped_mentions.edition_id
            and scopes.scope_id = scoped_mentions.scope_id
    group by editions.edition_id, scopes.scope_id

    union all

    select
        editions.edition_id,
        22 as sort_order,
        'qwen_papers_with_us_authors' as metric,
        policies.policy_id as territory_policy,
        scopes.scope_id as mention_scope,
        countings.counting,
        coalesce(sum(
            case
                when countings.counting = 'whole' then 1.0
                else country_credit.us_credit
            end
        ) filter (
            where
            scoped_mentions.term_id = 'qwen'
            and country_credit.us_credit > 0
        ), 0) as figure,
        'papers mentioning Qwen within the scope, with an affiliation in '
        || 'the US; fractional: summed US author share' as definition
    from editions
    cross join policies
    cross join scopes
    cross join countings
    left join scoped_mentions
        on
            editions.edition_id = scoped_mentions.edition_id
            and scopes.scope_id = scoped_mentions.scope_id
    left join country_credit
        on
            policies.policy_id = country_credit.policy_id
            and scoped_mentions.paper_id = country_credit.paper_id
    group by
        editions.edition_id,
        policies.policy_id,
        scopes.scope_id,
        countings.counting

),

figures as (

    select * from corpus_figures
    union all
    select * from country_figures
    union all
    select * from mention_figures

),

final as (

    select
        edition_id
        || ':' || metric
        || ':' || territory_policy
        || ':' || mention_scope
        || ':' || counting as headline_row_id,
        edition_id,
        sort_order,
        metric,
        territory_policy,
        mention_scope,
        counting,
        -- rounded: engines summing in another order report the same figure
        round(cast(figure as double), 9) as figure,
        definition,
        territory_policy in ('all', '{{ var("territory_policy") }}')
        and mention_scope in ('all', '{{ var("mention_scope") }}')
        and counting = '{{ var("counting") }}' as is_default_view
    from figures

)

select * from final
