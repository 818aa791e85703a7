-- one row per unit per year: overview_kpis for each unit on its own (unit_codes = [that unit]), all units in one pass, for the indicator feed
with years as (
    select year from data_years(null, null)
),
associations_active as (
    select a.unit_code, y.year, count(a.association_id) as associations
    from years as y
    join associations as a on active_at_year_end(a.founded_on, a.dissolved_on, y.year)
    group by all
),
members as (
    select a.unit_code, m.year, sum(m.members) as members
    from membership as m
    join associations as a using (association_id)
    group by all
),
money as (
    select
        a.unit_code,
        f.year,
        sum(f.amount_vnd) filter (where f.source = 'state_budget') as state_budget_vnd,
        sum(f.amount_vnd) filter (where f.source = 'social_mobilisation') as social_mobilisation_vnd,
        sum(f.amount_vnd) as total_funding_vnd
    from funding as f
    join associations as a using (association_id)
    group by all
),
meetings as (
    select
        a.unit_code,
        year(c.held_on) as year,
        count(*) as meetings,
        sum(c.comments_submitted) as comments_submitted,
        sum(c.comments_accepted) as comments_accepted
    from consultations as c
    join associations as a using (association_id)
    group by all
),
legal as (
    select a.unit_code, l.year, sum(l.cases) as legal_aid_cases, sum(l.people_served) as legal_aid_person_times
    from legal_aid as l
    join associations as a using (association_id)
    group by all
),
welfare_value as (
    -- welfare is counted where it was delivered: the unit is the welfare row's
    select w.unit_code, w.year, sum(w.value_vnd) as welfare_value_vnd
    from welfare as w
    join welfare_associations as a using (association_id)
    group by all
),
unit_years as (
    select unit_code, year from associations_active
    union select unit_code, year from members
    union select unit_code, year from money
    union select unit_code, year from meetings
    union select unit_code, year from legal
    union select unit_code, year from welfare_value
)
select
    k.unit_code,
    k.year,
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
from unit_years as k
join years as y using (year)
left join associations_active as aa using (unit_code, year)
left join members as m using (unit_code, year)
left join money as mo using (unit_code, year)
left join meetings as me using (unit_code, year)
left join legal as l using (unit_code, year)
left join welfare_value as w using (unit_code, year)
where k.unit_code is not null
order by k.unit_code, k.year
