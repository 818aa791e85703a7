-- one row per unit where welfare was delivered per domain, summed over the period
with assoc as (
    select * from filtered_welfare_associations($levels, $type_codes, $special_only)
)
select
    -- with $by_old_district, a new unit counts for the old district it lies in (straddlers: their own);
    -- with $merged, welfare delivered in a unit that merged into another counts for that unit, but only when the unit
    -- filter takes in the whole merged unit: a merged-away unit chosen alone keeps its own name
    coalesce(case when $by_old_district then g.group_code end,
             case when $merged and ($unit_codes is null
                 or list_contains($unit_codes::varchar[], u.successor_code)) then u.successor_code end,
             w.unit_code) as unit_code,
    p.domain,
    sum(w.value_vnd)::bigint as value_vnd,
    count(distinct w.association_id) as associations,
    -- with $merged, a unit that kept its code through the merger is named by its later name (682 Đạ Huoai)
    coalesce($merged and (u.later_name is not null or s.later_name is not null), false) as shows_later_name,
    coalesce($by_old_district and g.straddles, false) as straddles
from welfare as w
join assoc as a using (association_id)
join programmes as p using (programme_code)
left join units as u on u.unit_code = w.unit_code
left join units as s on s.unit_code = u.successor_code
left join unit_groups as g on g.unit_code = w.unit_code
where in_period(w.year, $year_from, $year_to)
  -- welfare is counted where it was delivered, so the unit filter applies to the welfare row
  and ($unit_codes is null or list_contains($unit_codes::varchar[], w.unit_code))
  and ($programme_codes is null or list_contains($programme_codes::varchar[], w.programme_code))
group by all
order by unit_code, p.domain
