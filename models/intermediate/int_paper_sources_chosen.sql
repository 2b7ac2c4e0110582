-- Which source's affiliations give each paper its countries, by the dbt var
-- paper_source_precedence:
--   pdf (default): the PDF when it has a resolved affiliation, else metadata;
--   metadata: the metadata when it has one, else the PDF;
--   union: both.
with

affiliations as (

    select
        paper_id,
        source,
        is_resolved
    from {{ ref('fct_affiliations') }}

),

papers_unified as (

    select
        paper_id,
        source
    from {{ ref('int_papers_reviewed') }}

),

sources as (

    select
        papers_unified.paper_id,
        papers_unified.source,
        coalesce(bool_or(affiliations.is_resolved), false) as has_resolved
    from papers_unified
    left join affiliations
        on
            papers_unified.paper_id = affiliations.paper_id
            and papers_unified.source = affiliations.source
    group by papers_unified.paper_id, papers_unified.source

),

ranked as (

    select
        paper_id,
        source,
        row_number() over (
            partition by paper_id
            order by
                has_resolved desc,
                source = '{{ var("paper_source_precedence") }}' desc,
                source asc
        ) as source_rank
    from sources

),

final as (

    select
        paper_id,
        source
    from ranked
    where
        source_rank = 1
        or '{{ var("paper_source_precedence") }}' = 'union'

)

select * from final
