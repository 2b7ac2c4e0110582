-- Each email domain printed on a paper, matched to the longest suffix listed
-- in the email_domains seed: cs.cmu.edu -> cmu.edu (Carnegie Mellon, US);
-- mails.ucas.edu.cn -> ucas.edu.cn; unknown.edu.cn -> edu.cn (CN only).
-- An affiliation printed as a domain ("wayve.ai", macro printed_domain) is
-- matched too.
with

affiliations as (

    select email_domain
    from {{ ref('stg_raw__affiliations') }}

    union

    -- an affiliation printed as a domain is matched the same way
    select {{ printed_domain('affiliation_raw') }} as email_domain
    from {{ ref('stg_raw__affiliations') }}

),

email_domains as (

    select
        domain,
        institution_id,
        country_code
    from {{ ref('email_domains') }}

),

domains as (

    select distinct
        email_domain,
        {{ split_to_list('email_domain', '.') }} as parts
    from affiliations
    where email_domain is not null and email_domain != ''

),

first_parts as (

    select
        email_domain,
        parts,
        {{ explode_series('1', list_size('parts')) }} as first_part
    from domains

),

suffixes as (

    select
        email_domain,
        {{ join_list_slice('parts', 'first_part', list_size('parts'), '.') }}
            as suffix
    from first_parts

),

ranked as (

    select
        suffixes.email_domain,
        email_domains.domain as matched_domain,
        email_domains.institution_id,
        email_domains.country_code,
        row_number() over (
            partition by suffixes.email_domain
            order by length(email_domains.domain) desc
        ) as match_rank
    from suffixes
    inner join email_domains
        on suffixes.suffix = email_domains.domain

),

final as (

    select
        email_domain,
        matched_domain,
        institution_id,
        country_code
    from ranked
    where match_rank = 1

)

select * from final
