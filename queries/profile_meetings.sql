-- one row per consultation or social-criticism meeting the association led in the period
select
    c.meeting_id,
    c.held_on,
    c.subject_kind,
    c.subject,
    c.unit_code,
    c.comments_submitted,
    c.comments_accepted,
    round(100.0 * c.comments_accepted / nullif(c.comments_submitted, 0), 1) as acceptance_pct
from consultations as c
where c.association_id = $association_id
  and in_period(year(c.held_on), $year_from, $year_to)
order by c.held_on desc, c.meeting_id
