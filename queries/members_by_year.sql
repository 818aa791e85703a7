-- one row per year: members at year end (a stock, never summed across years)
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
)
select
    m.year,
    sum(m.members)::bigint as members,
    sum(coalesce(m.new_members, 0))::bigint as new_members,
    count(*) as associations_reporting
from membership as m
join assoc as a using (association_id)
where in_period(m.year, $year_from, $year_to)
group by m.year
order by m.year
