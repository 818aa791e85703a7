-- one row per year with data (in the period): associations active at its end (matching the filters) and how many reported members, funding and any activity that year
select
    y.year,
    count(s.association_id) as associations,
    count(*) filter (where s.reported_members) as reported_members,
    count(*) filter (where s.reported_funding) as reported_funding,
    count(*) filter (where s.reported_activities) as reported_activities
from data_years($year_from, $year_to) as y,
    lateral (select * from reporting_status(y.year, $unit_codes, $levels, $type_codes, $special_only)) as s
group by y.year
order by y.year
