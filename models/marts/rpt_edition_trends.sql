-- The headline per venue and year: every figure of rpt_headline for each
-- edition, beside the same figure in the previous edition (by year) of the
-- same venue and track (and the same definition: policy, scope, counting,
-- evidence basis), and the change from it. An edition without a year
-- has no previous edition.
with

headline as (

    select
        headline_row_id,
        edition_id,
        sort_order,
        metric,
        territory_policy,
        mention_scope,
        counting,
        evidence_basis,
        figure,
        is_default_view
    from {{ ref('rpt_headline') }}
    where edition_id != 'all'

),

editions as (

    select
        edition_id,
        venue,
        venue_name,
        year,
        track
    from {{ ref('dim_editions') }}

),

edition_figures as (

    select
        headline.headline_row_id,
        headline.edition_id,
        editions.venue,
        editions.venue_name,
        editions.year,
        editions.track,
        headline.sort_order,
        headline.metric,
        headline.territory_policy,
        headline.mention_scope,
        headline.counting,
        headline.evidence_basis,
        headline.figure,
        headline.is_default_view,
        case
            when editions.year is not null
                then
                    lag(headline.edition_id) over (
                        partition by
                            editions.venue,
                            editions.track,
                            editions.year is null,
                            headline.metric,
                            headline.territory_policy,
                            headline.mention_scope,
                            headline.counting,
                            headline.evidence_basis
                        order by editions.year
                    )
        end as previous_edition_id,
        case
            when editions.year is not null
                then
                    lag(headline.figure) over (
                        partition by
                            editions.venue,
                            editions.track,
                            editions.year is null,
                            headline.metric,
                            headline.territory_policy,
                            headline.mention_scope,
                            headline.counting,
                            headline.evidence_basis
                        order by editions.year
                    )
        end as previous_figure
    from headline
    inner join editions
        on headline.edition_id = editions.edition_id

),

final as (

    select
        headline_row_id as edition_trend_id,
        edition_id,
        venue,
        venue_name,
        year,
        track,
        sort_order,
        metric,
        territory_policy,
        mention_scope,
        counting,
        evidence_basis,
        figure,
        previous_edition_id,
        previous_figure,
        round(figure - previous_figure, 9) as change_from_previous,
        is_default_view
    from edition_figures

)

select * from final
