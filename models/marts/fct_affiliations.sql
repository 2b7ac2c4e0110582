-- One row per printed affiliation and what it resolved to. A string naming two
-- institutions gives two rows; an unresolved string gives one row with nulls.
-- Rows from PDFs and from conference metadata both appear, under the paper's
-- canonical paper_id, told apart by `source`. Review decisions come first
-- (int_affiliations_reviewed: match_method review); papers a review excluded
-- are left out (int_papers_reviewed).
with

affiliations as (

    select
        affiliation_id,
        paper_id,
        source,
        author_position,
        affiliation_position,
        affiliation_raw,
        email_domain,
        link_method,
        page,
        bbox
    from {{ ref('stg_raw__affiliations') }}

),

authorships as (

    select
        paper_id,
        source,
        author_position,
        author_name
    from {{ ref('stg_raw__authorships') }}

),

papers_unified as (

    select
        source,
        source_paper_id,
        paper_id
    from {{ ref('int_papers_reviewed') }}

),

resolved as (

    select
        affiliation_id,
        institution_id,
        country_code,
        match_method,
        match_score,
        evidence,
        candidate_countries
    from {{ ref('int_affiliations_reviewed') }}

),

institutions as (

    select
        institution_id,
        institution_name,
        country_basis
    from {{ ref('institutions') }}

),

resolved_once as (

    select
        affiliation_id,
        institution_id,
        country_code,
        min(match_method) as match_method,
        max(match_score) as match_score,
        {{ sorted_string_agg('evidence', '; ') }} as evidence,
        {{ sorted_string_agg('candidate_countries', '|') }}
            as candidate_countries
    from resolved
    group by affiliation_id, institution_id, country_code

),

final as (

    select
        resolved_once.affiliation_id
        || ':' || coalesce(resolved_once.institution_id, '-')
        || ':' || coalesce(resolved_once.country_code, '-')
            as affiliation_match_id,
        affiliations.affiliation_id,
        papers_unified.paper_id,
        affiliations.source,
        affiliations.author_position,
        authorships.author_name,
        affiliations.affiliation_position,
        affiliations.affiliation_raw,
        resolved_once.institution_id,
        institutions.institution_name,
        resolved_once.country_code,
        resolved_once.match_method,
        resolved_once.match_score,
        resolved_once.evidence,
        resolved_once.candidate_countries,
        resolved_once.country_code is not null as is_resolved,
        -- strict vs broad (models/_overview.md): site when the country
        -- comes from where the author sits (a site institution, a printed
        -- address or place, an email domain, a review decision),
        -- headquarters when only a company's home country gives it
        case
            when resolved_once.country_code is null then null
            when
                resolved_once.match_method in (
                    'alias_address',
                    'address_country',
                    'place',
                    'email_domain',
                    'review'
                )
                then 'site'
            when institutions.country_basis = 'headquarters' then 'headquarters'
            else 'site'
        end as evidence_basis,
        affiliations.email_domain,
        affiliations.link_method,
        affiliations.page,
        -- where on the page (PDF points, origin top left); null for metadata
        round(
            cast({{ list_element('affiliations.bbox', 1) }} as double), 2
        ) as bbox_x0,
        round(
            cast({{ list_element('affiliations.bbox', 2) }} as double), 2
        ) as bbox_y0,
        round(
            cast({{ list_element('affiliations.bbox', 3) }} as double), 2
        ) as bbox_x1,
        round(
            cast({{ list_element('affiliations.bbox', 4) }} as double), 2
        ) as bbox_y1
    from affiliations
    inner join resolved_once
        on affiliations.affiliation_id = resolved_once.affiliation_id
    inner join papers_unified
        on
            affiliations.source = papers_unified.source
            and affiliations.paper_id = papers_unified.source_paper_id
    left join authorships
        on
            affiliations.source = authorships.source
            and affiliations.paper_id = authorships.paper_id
            and affiliations.author_position = authorships.author_position
    left join institutions
        on resolved_once.institution_id = institutions.institution_id

)

select * from final
