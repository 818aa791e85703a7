-- one row per year: the overview's headline indicators (stocks at year end, flows summed over the year)
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
years as (
    select year from data_years($year_from, $year_to)
),
associations_active as (
    select y.year, count(a.association_id) as associations
    from years as y
    left join assoc as a on active_at_year_end(a.founded_on, a.dissolved_on, y.year)
    group by y.year
),
members as (
    select m.year, sum(m.members) as members
    from membership as m
    join assoc as a using (association_id)
    group by m.year
),
money as (
    select
        f.year,
        sum(f.amount_vnd) filter (where f.source = 'state_budget') as state_budget_vnd,
        sum(f.amount_vnd) filter (where f.source = 'social_mobilisation') as social_mobilisation_vnd,
        sum(f.amount_vnd) as total_funding_vnd
    from funding as f
    join assoc as a using (association_id)
    group by f.year
),
meetings as (
    select
        year(c.held_on) as year,
        count(*) as meetings,
        sum(c.comments_submitted) as comments_submitted,
        sum(c.comments_accepted) as comments_accepted
    from consultations as c
    join assoc as a using (association_id)
    group by all
),
legal as (
    select l.year, sum(l.cases) as legal_aid_cases, sum(l.people_served) as legal_aid_person_times
    from legal_aid as l
    join assoc as a using (association_id)
    group by l.year
),
welfare_value as (
    -- welfare is counted where it was delivered: the unit filter applies to the welfare row
    select w.year, sum(w.value_vnd) as welfare_value_vnd
    from welfare as w
    join filtered_welfare_associations($levels, $type_codes, $special_only) as a using (association_id)
    where $unit_codes is null or list_contains($unit_codes::varchar[], w.unit_code)
    group by w.year
)
select
    y.year,
    coalesce(aa.associations, 0) as associations,
    coalesce(m.members, 0)::bigint as members,
    coalesce(mo.state_budget_vnd, 0)::bigint as state_budget_vnd,
    coalesce(mo.social_mobilisation_vnd, 0)::bigint as social_mobilisation_vnd,
    coalesce(mo.total_funding_vnd, 0)::bigint as total_funding_vnd,
    coalesce(me.meetings, 0)::bigint as meetings,
    coalesce(me.comments_submitted, 0)::bigint as comments_submitted,
    coalesce(me.comments_accepted, 0)::bigint as comments_accepted,
    coalesce(l.legal_aid_cases, 0)::bigint as legal_aid_cases,
    coalesce(l.legal_aid_person_times, 0)::bigint as legal_aid_person_times,
    coalesce(w.welfare_value_vnd, 0)::bigint as welfare_value_vnd
from years as y
left join associations_active as aa using (year)
left join members as m using (year)
left join money as mo using (year)
left join meetings as me using (year)
left join legal as l using (year)
left join welfare_value as w using (year)
order by y.year
