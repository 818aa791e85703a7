-- one row per year per kind of legal activity of the association (people_served are person-times)
select
    l.year,
    l.kind,
    sum(l.cases)::bigint as cases,
    sum(l.people_served)::bigint as people_served,
    sum(l.successful)::bigint as successful
from legal_aid as l
where l.association_id = $association_id
  and in_period(l.year, $year_from, $year_to)
group by l.year, l.kind
order by l.year, l.kind
