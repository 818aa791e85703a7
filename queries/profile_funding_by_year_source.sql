-- one row per year per source: the association's funding in the period
select f.year, f.source, sum(f.amount_vnd)::bigint as amount_vnd
from funding as f
where f.association_id = $association_id
  and in_period(f.year, $year_from, $year_to)
group by f.year, f.source
order by f.year, f.source
