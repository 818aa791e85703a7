-- shared macros (not a result query): the filters every page applies, defined once
create or replace macro filtered_associations(unit_codes, levels, type_codes, special_only) as table
    select a.*
    from associations as a
    where (unit_codes is null or list_contains(unit_codes::varchar[], a.unit_code))
      and (levels is null or list_contains(levels::varchar[], a.level))
      and (type_codes is null or list_contains(type_codes::varchar[], a.type_code))
      and (not coalesce(special_only, false) or a.special_nature);

create or replace macro in_period(y, year_from, year_to) as
    (year_from is null or y >= year_from) and (year_to is null or y <= year_to);

-- active at the end of year y: founded by 31 Dec and not dissolved by then
create or replace macro active_at_year_end(founded_on, dissolved_on, y) as
    founded_on <= make_date(y::integer, 12, 31)
    and (dissolved_on is null or dissolved_on > make_date(y::integer, 12, 31));

-- the years the snapshot has data for, within the period
create or replace macro data_years(year_from, year_to) as table
    select distinct year
    from (
        select year from membership
        union select year from funding
        union select year from legal_aid
        union select year from welfare
        union select year(held_on) as year from consultations
    )
    where in_period(year, year_from, year_to);

-- the associations welfare rows join to, for the level / type / special-nature filters (welfare itself
-- is filtered by the unit where it was delivered); a unit scope shadows welfare_associations
create or replace view welfare_associations as
    select association_id, type_code, level, special_nature from associations;

create or replace macro filtered_welfare_associations(levels, type_codes, special_only) as table
    select a.*
    from welfare_associations as a
    where (levels is null or list_contains(levels::varchar[], a.level))
      and (type_codes is null or list_contains(type_codes::varchar[], a.type_code))
      and (not coalesce(special_only, false) or a.special_nature);

-- built once with the snapshot's query database (a table, not a macro): each association's name
-- folded for sorting and searching (lower case, no diacritics, đ -> d: đ has no decomposition), so
-- the directory does not fold every name on every query
create or replace table association_keys as
select
    association_id,
    lower(strip_accents(replace(replace(name, 'đ', 'd'), 'Đ', 'D'))) as name_key,
    lower(strip_accents(replace(replace(
        concat_ws(' ', name, name_en, association_id), 'đ', 'd'), 'Đ', 'D'))) as search_key
from associations;

-- whether each association active at the end of year y (matching the filters) reported members,
-- funding and any activity (a consultation it led, a legal aid or a welfare row) that year
create or replace macro reporting_status(y, unit_codes, levels, type_codes, special_only) as table
    select
        a.*,
        a.association_id in (select association_id from membership where year = y) as reported_members,
        a.association_id in (select association_id from funding where year = y) as reported_funding,
        a.association_id in (
            select association_id from consultations where year(held_on) = y
            union select association_id from legal_aid where year = y
            union select association_id from welfare where year = y
        ) as reported_activities
    from filtered_associations(unit_codes, levels, type_codes, special_only) as a
    where active_at_year_end(a.founded_on, a.dissolved_on, y);

-- the overview's headline indicators per unit and year, for the associations matching the filters
-- (stocks at year end, flows summed over the year): overview_kpis sums them over the units, the
-- indicator feed lists them per unit. Welfare is counted where it was delivered: its unit is the welfare
-- row's, and the unit filter applies to that row.
create or replace macro kpis_by_unit(unit_codes, levels, type_codes, special_only, year_from, year_to) as table
with assoc as (
    select * from filtered_associations(unit_codes, levels, type_codes, special_only)
),
years as (
    select year from data_years(year_from, year_to)
),
associations_active as (
    select a.unit_code, y.year, count(a.association_id) as associations
    from years as y
    join assoc as a on active_at_year_end(a.founded_on, a.dissolved_on, y.year)
    group by all
),
members as (
    select a.unit_code, m.year, sum(m.members) as members
    from membership as m
    join assoc as a using (association_id)
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
    join assoc as a using (association_id)
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
    join assoc as a using (association_id)
    group by all
),
legal as (
    select a.unit_code, l.year, sum(l.cases) as legal_aid_cases, sum(l.people_served) as legal_aid_person_times
    from legal_aid as l
    join assoc as a using (association_id)
    group by all
),
welfare_value as (
    select w.unit_code, w.year, sum(w.value_vnd) as welfare_value_vnd
    from welfare as w
    join filtered_welfare_associations(levels, type_codes, special_only) as a using (association_id)
    where unit_codes is null or list_contains(unit_codes::varchar[], w.unit_code)
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
left join welfare_value as w using (unit_code, year);
