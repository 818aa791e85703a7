-- one row per association with legal activity in the period: cases by kind, person-times, mediations
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
activity as (
    select
        l.association_id,
        sum(l.cases) as cases,
        sum(l.cases) filter (where l.kind = 'legal_consultation') as consultation_cases,
        sum(l.cases) filter (where l.kind = 'legal_aid') as legal_aid_cases,
        sum(l.cases) filter (where l.kind = 'mediation') as mediation_cases,
        sum(l.cases) filter (where l.kind = 'legal_dissemination') as dissemination_cases,
        sum(l.people_served) as people_served,
        sum(l.successful) filter (where l.kind = 'mediation') as mediation_successful
    from legal_aid as l
    where in_period(l.year, $year_from, $year_to)
    group by l.association_id
)
select
    a.association_id,
    a.name,
    a.name_en,
    a.type_code,
    a.level,
    a.unit_code,
    coalesce(x.cases, 0)::bigint as cases,
    coalesce(x.consultation_cases, 0)::bigint as consultation_cases,
    coalesce(x.legal_aid_cases, 0)::bigint as legal_aid_cases,
    coalesce(x.mediation_cases, 0)::bigint as mediation_cases,
    coalesce(x.dissemination_cases, 0)::bigint as dissemination_cases,
    coalesce(x.people_served, 0)::bigint as people_served,
    coalesce(x.mediation_successful, 0)::bigint as mediation_successful,
    round(100.0 * x.mediation_successful / nullif(x.mediation_cases, 0), 1) as mediation_success_pct
from activity as x
join assoc as a using (association_id)
order by cases desc, a.association_id
