-- one row per level per association type: associations active at the end of the period's last year
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
last_year as (
    select coalesce($year_to, (select max(year) from membership)) as year
)
select
    a.level,
    a.type_code,
    t.name_vi as type_name_vi,
    t.name_en as type_name_en,
    count(*) as associations,
    count(*) filter (where a.special_nature) as special_nature,
    count(*) filter (where a.party_state_task) as party_state_task
from assoc as a
cross join last_year as ly
left join association_types as t using (type_code)
where active_at_year_end(a.founded_on, a.dissolved_on, ly.year)
group by all
order by a.level, associations desc, a.type_code
