-- one row per founding year: associations active at the end of the period's last year, by the year they were founded
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
last_year as (
    select coalesce($year_to, (select max(year) from membership)) as year
)
select
    year(a.founded_on) as founded_year,
    count(*) as associations,
    count(*) filter (where a.special_nature) as special_nature
from assoc as a
cross join last_year as ly
where active_at_year_end(a.founded_on, a.dissolved_on, ly.year)
group by all
order by founded_year
