-- one row per association type per programme per beneficiaries unit, summed over the period
with assoc as (
    select * from filtered_welfare_associations($levels, $type_codes, $special_only)
)
select
    a.type_code,
    p.domain,
    w.programme_code,
    p.quantity_unit,
    w.beneficiaries_unit,
    sum(w.quantity)::bigint as quantity,
    sum(w.beneficiaries)::bigint as beneficiaries,
    sum(w.value_vnd)::bigint as value_vnd
from welfare as w
join assoc as a using (association_id)
join programmes as p using (programme_code)
where in_period(w.year, $year_from, $year_to)
  -- welfare is counted where it was delivered, so the unit filter applies to the welfare row
  and ($unit_codes is null or list_contains($unit_codes::varchar[], w.unit_code))
  and ($programme_codes is null or list_contains($programme_codes::varchar[], w.programme_code))
group by all
order by a.type_code, value_vnd desc, w.programme_code, w.beneficiaries_unit
