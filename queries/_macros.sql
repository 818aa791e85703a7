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
