-- one row per consultation or social-criticism meeting in the period, newest first
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
)
select
    c.meeting_id,
    c.held_on,
    c.subject_kind,
    c.subject,
    c.association_id,
    a.name as association_name,
    a.name_en as association_name_en,
    c.unit_code,
    u.name as unit_name,
    u.name_en as unit_name_en,
    c.comments_submitted,
    c.comments_accepted,
    100.0 * c.comments_accepted / nullif(c.comments_submitted, 0) as acceptance_pct
from consultations as c
join assoc as a using (association_id)
left join units as u on u.unit_code = c.unit_code
where in_period(year(c.held_on), $year_from, $year_to)
order by c.held_on desc, c.meeting_id
