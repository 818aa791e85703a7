-- one row per programme per beneficiaries unit the association delivered in the period (all units)
select
    p.domain,
    w.programme_code,
    p.quantity_unit,
    w.beneficiaries_unit,
    sum(w.quantity)::bigint as quantity,
    sum(w.beneficiaries)::bigint as beneficiaries,
    sum(w.value_vnd)::bigint as value_vnd,
    count(distinct w.unit_code) as units
from welfare as w
join programmes as p using (programme_code)
where w.association_id = $association_id
  and in_period(w.year, $year_from, $year_to)
group by all
order by value_vnd desc, w.programme_code, w.beneficiaries_unit
