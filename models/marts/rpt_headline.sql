-- WIRED's NeurIPS table, recomputed: every figure under every territory policy,
-- mention scope, counting rule and evidence basis, each row naming its
-- definition, once per edition (dim_editions) and once for all papers
-- (edition_id all). An edition's rows equal those of a warehouse holding that
-- edition alone. The rows under the project's default policy, scope, counting
-- and basis (dbt vars territory_policy, mention_scope, counting,
-- evidence_basis) are flagged is_default_view.
--
-- Every figure has a low and a high bound: how far it could move if the
-- papers' unresolved and ambiguous affiliations were resolved
-- (int_paper_country_bounds defines them per paper). Figures that rest on no
-- country (papers, llama_papers, ...) have evidence_basis all and
-- low = high = figure.
with

papers as (

    select
        paper_id,
        edition_id,
        has_unresolved_affiliation
    from {{ ref('dim_papers') }}

),

paper_bounds as (

    select
        policy_id,
        evidence_basis,
        paper_id,
        us_credit,
        us_credit_low,
        us_credit_high,
        has_us,
        is_us_possible,
        cn_credit,
        cn_credit_low,
        cn_credit_high,
        has_cn,
        is_cn_possible,
        is_us_china,
        is_us_china_possible
    from {{ ref('int_paper_country_bounds') }}

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
    from paper_bounds

),

evidence_bases as (

    select 'broad' as evidence_basis
    union all
    select 'strict' as evidence_basis

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

-- what a paper adds to a figure about the US or China, by counting rule:
-- whole 1 or 0 (flag at figure and low, possible flag at high), fractional
-- the country's credit
paper_values as (

    select
        paper_bounds.policy_id,
        paper_bounds.evidence_basis,
        paper_bounds.paper_id,
        countings.counting,
        case
            when countings.counting = 'fractional' then paper_bounds.us_credit
            when paper_bounds.has_us then 1.0
            else 0
        end as us_value,
        case
            when countings.counting = 'fractional'
                then paper_bounds.us_credit_low
            when paper_bounds.has_us then 1.0
            else 0
        end as us_value_low,
        case
            when countings.counting = 'fractional'
                then paper_bounds.us_credit_high
            when paper_bounds.is_us_possible then 1.0
            else 0
        end as us_value_high,
        case
            when countings.counting = 'fractional' then paper_bounds.cn_credit
            when paper_bounds.has_cn then 1.0
            else 0
        end as cn_value,
        case
            when countings.counting = 'fractional'
                then paper_bounds.cn_credit_low
            when paper_bounds.has_cn then 1.0
            else 0
        end as cn_value_low,
        case
            when countings.counting = 'fractional'
                then paper_bounds.cn_credit_high
            when paper_bounds.is_cn_possible then 1.0
            else 0
        end as cn_value_high
    from paper_bounds
    cross join countings

),

edition_bounds as (

    select
        paper_editions.edition_id,
        paper_bounds.policy_id,
        paper_bounds.evidence_basis,
        paper_bounds.paper_id,
        paper_bounds.is_us_china,
        paper_bounds.is_us_china_possible
    from paper_bounds
    inner join paper_editions
        on paper_bounds.paper_id = paper_editions.paper_id

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

-- figures that rest on no country: one row each, evidence basis all
country_free_figures as (

    select
        edition_id,
        1 as sort_order,
        'papers' as metric,
        'all' as territory_policy,
        'all' as mention_scope,
        'whole' as counting,
        'all' as evidence_basis,
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
        'all' as evidence_basis,
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
        'all' as evidence_basis,
        count(*) filter (where has_unresolved_affiliation) as figure,
        'papers with an affiliation that resolved to no country'
            as definition
    from edition_papers
    group by edition_id

    union all

    select
        editions.edition_id,
        21 as sort_order,
        'llama_papers' as metric,
        'all' as territory_policy,
        scopes.scope_id as mention_scope,
        'whole' as counting,
        'all' as evidence_basis,
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

),

us_china_counts as (

    select
        editions.edition_id,
        policies.policy_id,
        evidence_bases.evidence_basis,
        count(edition_bounds.paper_id) filter (
            where edition_bounds.is_us_china
        ) as count_papers,
        count(edition_bounds.paper_id) filter (
            where edition_bounds.is_us_china_possible
        ) as count_papers_high
    from editions
    cross join policies
    cross join evidence_bases
    left join edition_bounds
        on
            editions.edition_id = edition_bounds.edition_id
            and policies.policy_id = edition_bounds.policy_id
            and evidence_bases.evidence_basis = edition_bounds.evidence_basis
    group by
        editions.edition_id,
        policies.policy_id,
        evidence_bases.evidence_basis

),

country_figures as (

    select
        edition_id,
        10 as sort_order,
        'us_china_papers' as metric,
        policy_id as territory_policy,
        'all' as mention_scope,
        'whole' as counting,
        evidence_basis,
        count_papers as figure,
        count_papers as figure_low,
        count_papers_high as figure_high,
        'papers with at least one affiliation in the US and one in China '
        || '(China as the policy reports it)' as definition
    from us_china_counts

    union all

    select
        us_china_counts.edition_id,
        11 as sort_order,
        'us_china_share_of_papers' as metric,
        us_china_counts.policy_id as territory_policy,
        'all' as mention_scope,
        'whole' as counting,
        us_china_counts.evidence_basis,
        us_china_counts.count_papers
        / nullif(edition_totals.count_papers, 0) as figure,
        us_china_counts.count_papers
        / nullif(edition_totals.count_papers, 0) as figure_low,
        us_china_counts.count_papers_high
        / nullif(edition_totals.count_papers, 0) as figure_high,
        'us_china_papers divided by all papers' as definition
    from us_china_counts
    inner join edition_totals
        on us_china_counts.edition_id = edition_totals.edition_id

),

-- the papers mentioning a term within a scope, with their US and China values
scoped_values as (

    select
        editions.edition_id,
        policies.policy_id,
        evidence_bases.evidence_basis,
        scopes.scope_id,
        countings.counting,
        scoped_mentions.term_id,
        paper_values.us_value,
        paper_values.us_value_low,
        paper_values.us_value_high,
        paper_values.cn_value,
        paper_values.cn_value_low,
        paper_values.cn_value_high
    from editions
    cross join policies
    cross join evidence_bases
    cross join scopes
    cross join countings
    left join scoped_mentions
        on
            editions.edition_id = scoped_mentions.edition_id
            and scopes.scope_id = scoped_mentions.scope_id
    left join paper_values
        on
            policies.policy_id = paper_values.policy_id
            and evidence_bases.evidence_basis = paper_values.evidence_basis
            and countings.counting = paper_values.counting
            and scoped_mentions.paper_id = paper_values.paper_id

),

mention_figures as (

    select
        edition_id,
        20 as sort_order,
        'transformer_papers_with_china_authors' as metric,
        policy_id as territory_policy,
        scope_id as mention_scope,
        counting,
        evidence_basis,
        coalesce(
            sum(cn_value) filter (where term_id = 'transformer'), 0
        ) as figure,
        coalesce(
            sum(cn_value_low) filter (where term_id = 'transformer'), 0
        ) as figure_low,
        coalesce(
            sum(cn_value_high) filter (where term_id = 'transformer'), 0
        ) as figure_high,
        'papers mentioning a transformer within the scope, with an '
        || 'affiliation in China; fractional: summed Chinese author share'
            as definition
    from scoped_values
    group by edition_id, policy_id, evidence_basis, scope_id, counting

    union all

    select
        edition_id,
        22 as sort_order,
        'qwen_papers_with_us_authors' as metric,
        policy_id as territory_policy,
        scope_id as mention_scope,
        counting,
        evidence_basis,
        coalesce(
            sum(us_value) filter (where term_id = 'qwen'), 0
        ) as figure,
        coalesce(
            sum(us_value_low) filter (where term_id = 'qwen'), 0
        ) as figure_low,
        coalesce(
            sum(us_value_high) filter (where term_id = 'qwen'), 0
        ) as figure_high,
        'papers mentioning Qwen within the scope, with an affiliation in '
        || 'the US; fractional: summed US author share' as definition
    from scoped_values
    group by edition_id, policy_id, evidence_basis, scope_id, counting

),

figures as (

    select
        edition_id,
        sort_order,
        metric,
        territory_policy,
        mention_scope,
        counting,
        evidence_basis,
        figure,
        figure as figure_low,
        figure as figure_high,
        definition
    from country_free_figures

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
        || ':' || counting
        || ':' || evidence_basis as headline_row_id,
        edition_id,
        sort_order,
        metric,
        territory_policy,
        mention_scope,
        counting,
        evidence_basis,
        -- rounded: engines summing in another order report the same figure
        round(cast(figure as double), 9) as figure,
        round(cast(figure_low as double), 9) as figure_low,
        round(cast(figure_high as double), 9) as figure_high,
        definition,
        territory_policy in ('all', '{{ var("territory_policy") }}')
        and mention_scope in ('all', '{{ var("mention_scope") }}')
        and counting = '{{ var("counting") }}'
        and evidence_basis in ('all', '{{ var("evidence_basis") }}')
            as is_default_view
    from figures

)

select * from final
