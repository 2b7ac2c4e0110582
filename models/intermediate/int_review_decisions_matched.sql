-- Each review decision (seed review_decisions) with what it targets: one row
-- per decision and affiliation it matches, under the paper's canonical
-- paper_id (int_papers_unified, before any exclusion), or one row with a null
-- affiliation_id when it matches none. A decision matches the affiliations of
-- its paper, of its author when author_position is given, and of the string
-- printed exactly as affiliation_raw when that is given. Matched against the
-- printed strings, not against what the rules made of them, so a decision
-- keeps its target whatever a seed edit changes.
with

decisions as (

    select
        paper_id,
        author_position,
        affiliation_raw,
        decision,
        value,
        reviewer,
        reviewed_at,
        note
    from {{ ref('review_decisions') }}

),

papers_unified as (

    select
        source,
        source_paper_id,
        paper_id
    from {{ ref('int_papers_unified') }}

),

raw_affiliations as (

    select
        affiliation_id,
        paper_id,
        source,
        author_position,
        affiliation_raw
    from {{ ref('stg_raw__affiliations') }}

),

known_papers as (

    select distinct paper_id
    from papers_unified

),

affiliations as (

    select
        raw_affiliations.affiliation_id,
        papers_unified.paper_id,
        raw_affiliations.author_position,
        raw_affiliations.affiliation_raw
    from raw_affiliations
    inner join papers_unified
        on
            raw_affiliations.source = papers_unified.source
            and raw_affiliations.paper_id = papers_unified.source_paper_id

),

final as (

    select
        decisions.paper_id
        || ':' || coalesce(cast(decisions.author_position as string), '*')
        || ':' || coalesce(decisions.affiliation_raw, '*')
        || ':' || decisions.decision as review_decision_id,
        decisions.paper_id,
        decisions.author_position,
        decisions.affiliation_raw,
        decisions.decision,
        decisions.value,
        decisions.reviewer,
        decisions.reviewed_at,
        decisions.note,
        decisions.author_position is null
        and decisions.affiliation_raw is null as is_paper_level,
        known_papers.paper_id is not null as is_known_paper,
        affiliations.affiliation_id
    from decisions
    left join known_papers
        on decisions.paper_id = known_papers.paper_id
    left join affiliations
        on
            decisions.paper_id = affiliations.paper_id
            and (
                decisions.author_position is null
                or decisions.author_position = affiliations.author_position
            )
            and (
                decisions.affiliation_raw is null
                or decisions.affiliation_raw = affiliations.affiliation_raw
            )

)

select * from final
