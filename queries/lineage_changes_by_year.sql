-- one row per year per kind of change: associations that ended or merged, and the successors they formed
with steps as (
    select l.*, a.level
    from lineage as l
    join filtered_associations($unit_codes, $levels, $type_codes, $special_only) as a
        on a.association_id = l.predecessor_id
    where in_period(year(l.effective_on), $year_from, $year_to)
)
select
    year(effective_on) as year,
    kind,
    count(*) as associations,
    count(distinct successor_id) as successors,
    sum(coalesce(members_at_change, 0))::bigint as members_at_change
from steps
group by all
order by year, kind
