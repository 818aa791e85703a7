-- one row per association type per source: funding summed over the period
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
)
select
    a.type_code,
    t.name_vi as type_name_vi,
    t.name_en as type_name_en,
    f.source,
    sum(f.amount_vnd)::bigint as amount_vnd
from funding as f
join assoc as a using (association_id)
left join association_types as t using (type_code)
where in_period(f.year, $year_from, $year_to)
  -- only money from the chosen sources (a click on the funding page)
  and ($source_codes is null or list_contains($source_codes::varchar[], f.source))
group by all
order by a.type_code, f.source
