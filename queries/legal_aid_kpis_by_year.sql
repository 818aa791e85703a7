-- one row per year of the period with data: legal activity totals (people_served are person-times)
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
legal as (
    select
        l.year,
        sum(l.cases) as cases,
        sum(l.people_served) as people_served,
        sum(l.cases) filter (where l.kind = 'mediation') as mediation_cases,
        sum(l.successful) filter (where l.kind = 'mediation') as mediation_successful
    from legal_aid as l
    join assoc as a using (association_id)
    group by l.year
)
select
    y.year,
    coalesce(l.cases, 0)::bigint as cases,
    coalesce(l.people_served, 0)::bigint as people_served,
    coalesce(l.mediation_cases, 0)::bigint as mediation_cases,
    coalesce(l.mediation_successful, 0)::bigint as mediation_successful
from data_years($year_from, $year_to) as y
left join legal as l using (year)
order by y.year
