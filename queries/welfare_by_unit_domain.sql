-- one row per unit where welfare was delivered per domain, summed over the period
with assoc as (
    select * from filtered_welfare_associations($levels, $type_codes, $special_only)
)
select
    -- with $merged, welfare delivered in a unit that merged into another counts for that unit
    coalesce(case when $merged then u.successor_code end, w.unit_code) as unit_code,
    p.domain,
    sum(w.value_vnd)::bigint as value_vnd,
    count(distinct w.association_id) as associations
from welfare as w
join assoc as a using (association_id)
join programmes as p using (programme_code)
left join units as u on u.unit_code = w.unit_code
where in_period(w.year, $year_from, $year_to)
  -- welfare is counted where it was delivered, so the unit filter applies to the welfare row
  and ($unit_codes is null or list_contains($unit_codes::varchar[], w.unit_code))
group by all
order by unit_code, p.domain
