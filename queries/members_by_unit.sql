-- one row per unit (of the association): associations and members at the end of the period's first and last year
with assoc as (
    -- with $by_old_district, a new unit counts for the old district it lies in (straddlers: their own);
    -- with $merged, an association of a unit that merged into another counts for that unit, but only when the unit
    -- filter takes in the whole merged unit: a merged-away unit chosen alone keeps its own name
    select a.* replace (coalesce(case when $by_old_district then g.group_code end,
                                 case when $merged and ($unit_codes is null
                                     or list_contains($unit_codes::varchar[], u.successor_code)) then u.successor_code end,
                                 a.unit_code) as unit_code)
    from filtered_associations($unit_codes, $levels, $type_codes, $special_only) as a
    left join units as u on u.unit_code = a.unit_code
    left join unit_groups as g on g.unit_code = a.unit_code
),
bounds as (
    select
        coalesce($year_from, (select min(year) from membership)) as start_year,
        coalesce($year_to, (select max(year) from membership)) as end_year
),
members as (
    select
        a.unit_code,
        sum(m.members) filter (where m.year = b.start_year) as members_start,
        sum(m.members) filter (where m.year = b.end_year) as members_end
    from membership as m
    join assoc as a using (association_id)
    cross join bounds as b
    where m.year in (b.start_year, b.end_year)
    group by a.unit_code
),
active as (
    select a.unit_code, count(*) as associations_end
    from assoc as a
    cross join bounds as b
    where active_at_year_end(a.founded_on, a.dissolved_on, b.end_year)
    group by a.unit_code
),
joined as (
    select
        coalesce(m.unit_code, ac.unit_code) as unit_code,
        coalesce(ac.associations_end, 0) as associations_end,
        coalesce(m.members_start, 0)::bigint as members_start,
        coalesce(m.members_end, 0)::bigint as members_end
    from members as m
    full outer join active as ac using (unit_code)
)
select
    j.unit_code,
    -- with $merged, a unit that kept its code through the merger shows its later name (682 Đạ Huoai)
    coalesce(case when $merged then u.later_name end, u.name) as unit_name,
    coalesce(case when $merged then u.later_name_en end, u.name_en) as unit_name_en,
    u.kind as unit_kind,
    u.successor_code,
    b.start_year,
    b.end_year,
    j.associations_end,
    j.members_start,
    j.members_end,
    j.members_end - j.members_start as members_change,
    100.0 * (j.members_end - j.members_start) / nullif(j.members_start, 0) as members_change_pct,
    coalesce($by_old_district and sg.straddles, false) as straddles
from joined as j
cross join bounds as b
left join units as u on u.unit_code = j.unit_code
left join unit_groups as sg on sg.unit_code = j.unit_code
order by members_change desc, j.unit_code
