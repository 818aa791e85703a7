-- one row per year: consultation and social-criticism meetings, comments submitted and accepted
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
by_year as (
    select
        year(c.held_on) as year,
        count(*) as meetings,
        sum(c.comments_submitted) as comments_submitted,
        sum(c.comments_accepted) as comments_accepted
    from consultations as c
    join assoc as a using (association_id)
    where in_period(year(c.held_on), $year_from, $year_to)
    group by all
)
select
    year,
    meetings,
    comments_submitted::bigint as comments_submitted,
    comments_accepted::bigint as comments_accepted,
    100.0 * comments_accepted / nullif(comments_submitted, 0) as acceptance_pct
from by_year
order by year
