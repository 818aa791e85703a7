-- one row per year per source
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
)
select f.year, f.source, sum(f.amount_vnd)::bigint as amount_vnd
from funding as f
join assoc as a using (association_id)
where in_period(f.year, $year_from, $year_to)
  -- only money from the chosen sources (a click on the funding page)
  and ($source_codes is null or list_contains($source_codes::varchar[], f.source))
group by f.year, f.source
order by f.year, f.source
