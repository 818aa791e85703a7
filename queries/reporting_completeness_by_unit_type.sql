-- one row per unit and association type: associations active at the end of $year_to (default: the latest year with members) matching the filters, and how many reported nothing to each table that year
select
    unit_code,
    type_code,
    count(*) as associations,
    count(*) filter (where not reported_members) as missing_members,
    count(*) filter (where not reported_funding) as missing_funding,
    count(*) filter (where not reported_activities) as missing_activities
from reporting_status(coalesce($year_to, (select max(year) from membership)), $unit_codes, $levels, $type_codes,
    $special_only)
group by unit_code, type_code
order by unit_code, type_code
