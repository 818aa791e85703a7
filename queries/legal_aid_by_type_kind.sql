-- one row per association type per kind of legal activity, summed over the period (people_served are person-times)
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
)
select
    a.type_code,
    l.kind,
    sum(l.cases)::bigint as cases,
    sum(l.people_served)::bigint as people_served,
    sum(l.successful)::bigint as successful
from legal_aid as l
join assoc as a using (association_id)
where in_period(l.year, $year_from, $year_to)
group by a.type_code, l.kind
order by a.type_code, l.kind
