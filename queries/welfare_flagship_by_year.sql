-- one row per year per flagship programme (surgeries, free medicine, scholarships) per beneficiaries unit
with assoc as (
    select * from filtered_welfare_associations($levels, $type_codes, $special_only)
)
select
    w.year,
    w.programme_code,
    w.beneficiaries_unit,
    sum(w.quantity)::bigint as quantity,
    sum(w.beneficiaries)::bigint as beneficiaries,
    sum(w.value_vnd)::bigint as value_vnd
from welfare as w
join assoc as a using (association_id)
where in_period(w.year, $year_from, $year_to)
  and w.programme_code in ('heart_surgery', 'cataract_surgery', 'corrective_surgery', 'free_medicine', 'scholarship')
  -- welfare is counted where it was delivered, so the unit filter applies to the welfare row
  and ($unit_codes is null or list_contains($unit_codes::varchar[], w.unit_code))
  and ($programme_codes is null or list_contains($programme_codes::varchar[], w.programme_code))
group by all
order by w.year, w.programme_code, w.beneficiaries_unit
