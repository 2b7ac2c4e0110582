-- How far review has gone, per edition and for all papers: the US-China
-- papers (default territory policy), how many of them a reviewer has looked
-- at, and how many flags review decisions changed (a paper that lost its
-- flag, an excluded one too, or gained it). `paperscope run` prints it under
-- the headline.
with

review_flags as (

    select
        paper_id,
        edition_id,
        is_reviewed,
        count_decisions,
        is_us_china_before_review,
        is_us_china,
        is_flag_changed_by_review
    from {{ ref('int_papers_review_flags') }}

),

by_edition as (

    select
        edition_id,
        paper_id,
        is_reviewed,
        count_decisions,
        is_us_china_before_review,
        is_us_china,
        is_flag_changed_by_review
    from review_flags

    union all

    select
        'all' as edition_id,
        paper_id,
        is_reviewed,
        count_decisions,
        is_us_china_before_review,
        is_us_china,
        is_flag_changed_by_review
    from review_flags

),

counted as (

    select
        edition_id,
        count(case when is_us_china then 1 end) as count_us_china_papers,
        count(case when is_us_china and is_reviewed then 1 end)
            as count_reviewed_us_china_papers,
        count(case when is_reviewed then 1 end) as count_reviewed_papers,
        cast(sum(count_decisions) as bigint) as count_decisions,
        count(case when is_flag_changed_by_review then 1 end)
            as count_flags_changed,
        count(
            case when is_us_china_before_review and not is_us_china then 1 end
        ) as count_flags_dropped,
        count(
            case when is_us_china and not is_us_china_before_review then 1 end
        ) as count_flags_gained
    from by_edition
    group by edition_id

),

final as (

    select
        edition_id,
        count_us_china_papers,
        count_reviewed_us_china_papers,
        case
            when count_us_china_papers > 0
                then
                    cast(count_reviewed_us_china_papers as double)
                    / count_us_china_papers
        end as reviewed_share,
        count_reviewed_papers,
        count_decisions,
        count_flags_changed,
        count_flags_dropped,
        count_flags_gained
    from counted

)

select * from final
