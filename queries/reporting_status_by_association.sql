-- one row per association active at the end of the year $year_to (default: the latest year with members) matching the filters that reported nothing to at least one table that year: which, its unit and its parent association (the contact, with its names)
select
    s.association_id,
    s.name,
    s.name_en,
    s.type_code,
    s.level,
    s.unit_code,
    s.parent_id,
    p.name as parent_name,
    p.name_en as parent_name_en,
    s.reported_members,
    s.reported_funding,
    s.reported_activities
from reporting_status(coalesce($year_to, (select max(year) from membership)), $unit_codes, $levels, $type_codes,
    $special_only) as s
left join associations as p on p.association_id = s.parent_id
where not (s.reported_members and s.reported_funding and s.reported_activities)
order by s.unit_code, s.type_code, s.name, s.association_id
