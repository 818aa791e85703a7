-- one row per unit (of the association) per source: funding summed over the period
with assoc as (
    -- with $merged, an association of a unit that merged into another counts for that unit, but only
    -- when the unit filter takes in the whole merged unit: Đạ Tẻh chosen alone stays Đạ Tẻh
    select a.* replace (coalesce(case when $merged and ($unit_codes is null
        or list_contains($unit_codes::varchar[], u.successor_code)) then u.successor_code end, a.unit_code) as unit_code)
    from filtered_associations($unit_codes, $levels, $type_codes, $special_only) as a
    left join units as u on u.unit_code = a.unit_code
)
select
    a.unit_code,
    u.name as unit_name,
    u.name_en as unit_name_en,
    u.kind as unit_kind,
    u.successor_code,
    f.source,
    sum(f.amount_vnd)::bigint as amount_vnd
from funding as f
join assoc as a using (association_id)
left join units as u on u.unit_code = a.unit_code
where in_period(f.year, $year_from, $year_to)
group by all
order by a.unit_code, f.source
