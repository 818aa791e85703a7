-- one row per association type: members at the end of the period's first and last year (stocks)
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
bounds as (
    select
        coalesce($year_from, (select min(year) from membership)) as start_year,
        coalesce($year_to, (select max(year) from membership)) as end_year
),
by_type as (
    select
        a.type_code,
        sum(m.members) filter (where m.year = b.start_year) as members_start,
        sum(m.members) filter (where m.year = b.end_year) as members_end
    from membership as m
    join assoc as a using (association_id)
    cross join bounds as b
    where m.year in (b.start_year, b.end_year)
    group by a.type_code
)
select
    bt.type_code,
    t.name_vi as type_name_vi,
    t.name_en as type_name_en,
    b.start_year,
    b.end_year,
    coalesce(bt.members_start, 0)::bigint as members_start,
    coalesce(bt.members_end, 0)::bigint as members_end
from by_type as bt
cross join bounds as b
left join association_types as t using (type_code)
order by members_end desc, bt.type_code
