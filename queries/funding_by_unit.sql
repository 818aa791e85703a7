-- one row per unit (of the association) per source: funding summed over the period
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
)
select
    a.unit_code,
    -- with $merged, a unit that kept its code through the merger shows its later name (682 Đạ Huoai)
    coalesce(case when $merged then u.later_name end, u.name) as unit_name,
    coalesce(case when $merged then u.later_name_en end, u.name_en) as unit_name_en,
    u.kind as unit_kind,
    u.successor_code,
    f.source,
    sum(f.amount_vnd)::bigint as amount_vnd,
    coalesce($by_old_district and sg.straddles, false) as straddles
from funding as f
join assoc as a using (association_id)
left join units as u on u.unit_code = a.unit_code
left join unit_groups as sg on sg.unit_code = a.unit_code
where in_period(f.year, $year_from, $year_to)
  -- only money from the chosen sources (a click on the funding page)
  and ($source_codes is null or list_contains($source_codes::varchar[], f.source))
group by all
order by a.unit_code, f.source
