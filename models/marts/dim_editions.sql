-- One row per edition (venue, year, track) that holds papers: every paper of
-- dim_papers belongs to exactly one. Venue names and fields come from seed
-- venues; a venue in no seed row shows its own id.
with

papers as (

    select
        paper_id,
        edition_id
    from {{ ref('dim_papers') }}

),

papers_unified as (

    select
        edition_id,
        venue,
        year,
        track
    from {{ ref('int_papers_unified') }}

),

venues as (

    select
        venue_id,
        name,
        field
    from {{ ref('venues') }}

),

editions as (

    select
        edition_id,
        min(venue) as venue,
        min(year) as year,  -- noqa: RF04
        min(track) as track
    from papers_unified
    group by edition_id

),

paper_counts as (

    select
        edition_id,
        count(*) as count_papers
    from papers
    group by edition_id

),

final as (

    select
        editions.edition_id,
        editions.venue,
        coalesce(venues.name, editions.venue) as venue_name,
        venues.field as venue_field,
        editions.year,
        editions.track,
        paper_counts.count_papers
    from editions
    inner join paper_counts
        on editions.edition_id = paper_counts.edition_id
    left join venues
        on editions.venue = venues.venue_id

)

select * from final
