-- one row per lead association: meetings it led in the period, comments submitted and accepted
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
by_assoc as (
    select
        c.association_id,
        count(*) as meetings,
        sum(c.comments_submitted) as comments_submitted,
        sum(c.comments_accepted) as comments_accepted
    from consultations as c
    join assoc as a using (association_id)
    where in_period(year(c.held_on), $year_from, $year_to)
    group by c.association_id
)
select
    b.association_id,
    a.name as association_name,
    a.name_en as association_name_en,
    a.type_code,
    a.level,
    a.unit_code,
    b.meetings,
    b.comments_submitted::bigint as comments_submitted,
    b.comments_accepted::bigint as comments_accepted,
    100.0 * b.comments_accepted / nullif(b.comments_submitted, 0) as acceptance_pct
from by_assoc as b
join associations as a using (association_id)
order by b.meetings desc, comments_submitted desc, b.association_id
