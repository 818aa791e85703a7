-- one row per unit where welfare was delivered per domain, summed over the period
with assoc as (
    select * from filtered_associations(null, $levels, $type_codes, $special_only)
)
select
    w.unit_code,
    p.domain,
    sum(w.value_vnd)::bigint as value_vnd,
    count(distinct w.association_id) as associations
from welfare as w
join assoc as a using (association_id)
join programmes as p using (programme_code)
where in_period(w.year, $year_from, $year_to)
  -- welfare is counted where it was delivered, so the unit filter applies to the welfare row
  and ($unit_codes is null or list_contains($unit_codes::varchar[], w.unit_code))
group by w.unit_code, p.domain
order by w.unit_code, p.domain
