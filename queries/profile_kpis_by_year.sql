-- one row per year of the period with data: one association's members (year end), funding, meetings, legal aid, welfare
with years as (
    select year from data_years($year_from, $year_to)
),
members as (
    select m.year, m.members
    from membership as m
    where m.association_id = $association_id
),
money as (
    select f.year, sum(f.amount_vnd) as funding_vnd
    from funding as f
    where f.association_id = $association_id
    group by f.year
),
meetings as (
    select year(c.held_on) as year, count(*) as meetings
    from consultations as c
    where c.association_id = $association_id
    group by all
),
legal as (
    select l.year, sum(l.cases) as legal_aid_cases
    from legal_aid as l
    where l.association_id = $association_id
    group by l.year
),
welfare_value as (
    select w.year, sum(w.value_vnd) as welfare_value_vnd
    from welfare as w
    where w.association_id = $association_id
    group by w.year
)
select
    y.year,
    m.members::bigint as members,
    coalesce(mo.funding_vnd, 0)::bigint as funding_vnd,
    coalesce(me.meetings, 0)::bigint as meetings,
    coalesce(l.legal_aid_cases, 0)::bigint as legal_aid_cases,
    coalesce(w.welfare_value_vnd, 0)::bigint as welfare_value_vnd
from years as y
left join members as m using (year)
left join money as mo using (year)
left join meetings as me using (year)
left join legal as l using (year)
left join welfare_value as w using (year)
order by y.year
