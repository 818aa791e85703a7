-- one row per year of the period with data: welfare value and the flagship figures (counted where delivered)
with assoc as (
    select * from filtered_welfare_associations($levels, $type_codes, $special_only)
),
delivered as (
    select
        w.year,
        sum(w.value_vnd) as value_vnd,
        sum(w.quantity) filter (where w.programme_code = 'heart_surgery') as heart_surgeries,
        sum(w.quantity) filter (where w.programme_code = 'cataract_surgery') as cataract_surgeries,
        sum(w.quantity) filter (where w.programme_code = 'corrective_surgery') as corrective_surgeries,
        sum(w.beneficiaries) filter (
            where w.programme_code = 'free_medicine' and a.type_code = 'red_cross' and w.beneficiaries_unit = 'people'
        ) as red_cross_free_medicine_people,
        sum(w.quantity) filter (where w.programme_code = 'scholarship') as scholarships,
        sum(w.value_vnd) filter (where w.programme_code = 'scholarship') as scholarships_vnd
    from welfare as w
    join assoc as a using (association_id)
    -- welfare is counted where it was delivered, so the unit filter applies to the welfare row
    where ($unit_codes is null or list_contains($unit_codes::varchar[], w.unit_code))
      and ($programme_codes is null or list_contains($programme_codes::varchar[], w.programme_code))
    group by w.year
)
select
    y.year,
    coalesce(d.value_vnd, 0)::bigint as value_vnd,
    coalesce(d.heart_surgeries, 0)::bigint as heart_surgeries,
    coalesce(d.cataract_surgeries, 0)::bigint as cataract_surgeries,
    coalesce(d.corrective_surgeries, 0)::bigint as corrective_surgeries,
    coalesce(d.red_cross_free_medicine_people, 0)::bigint as red_cross_free_medicine_people,
    coalesce(d.scholarships, 0)::bigint as scholarships,
    coalesce(d.scholarships_vnd, 0)::bigint as scholarships_vnd
from data_years($year_from, $year_to) as y
left join delivered as d using (year)
order by y.year
