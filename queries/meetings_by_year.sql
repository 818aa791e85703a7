-- one row per year per subject kind: consultation and social-criticism meetings
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
)
select
    year(c.held_on) as year,
    c.subject_kind,
    count(*) as meetings,
    sum(c.comments_submitted)::bigint as comments_submitted,
    sum(c.comments_accepted)::bigint as comments_accepted
from consultations as c
join assoc as a using (association_id)
where in_period(year(c.held_on), $year_from, $year_to)
group by all
order by year, c.subject_kind
