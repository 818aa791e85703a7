-- one row per association matching the filters and the search text ($search: words matched without accents)
-- that existed during the period (founded by its end, not dissolved before it began)
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
    where ($year_to is null or founded_on <= make_date($year_to::integer, 12, 31))
      and ($year_from is null or dissolved_on is null or dissolved_on >= make_date($year_from::integer, 1, 1))
),
last_year as (
    select coalesce($year_to, (select max(year) from membership)) as year
),
-- the search words, folded like the names: lower case, no diacritics, đ -> d (đ has no decomposition)
words as (
    select list_filter(
        string_split(lower(strip_accents(replace(replace(coalesce($search, ''), 'đ', 'd'), 'Đ', 'D'))), ' '),
        lambda w: w <> ''
    ) as words
),
keyed as (
    -- the names folded the same way once, when the snapshot's database was built (_macros.sql)
    select a.*, k.name_key, k.search_key
    from assoc as a
    join association_keys as k using (association_id)
),
members as (
    select m.association_id, m.members
    from membership as m
    cross join last_year as ly
    where m.year = ly.year
),
money as (
    select f.association_id, sum(f.amount_vnd) as funding_vnd
    from funding as f
    where in_period(f.year, $year_from, $year_to)
    group by f.association_id
)
select
    k.association_id,
    k.name,
    k.name_en,
    k.type_code,
    k.level,
    k.unit_code,
    k.special_nature,
    k.party_state_task,
    k.founded_on,
    k.dissolved_on,
    ly.year as members_year,
    m.members,
    coalesce(mo.funding_vnd, 0)::bigint as funding_vnd,
    k.name_key
from keyed as k
cross join last_year as ly
cross join words as w
left join members as m using (association_id)
left join money as mo using (association_id)
where coalesce(list_bool_and(list_transform(w.words, lambda x: contains(k.search_key, x))), true)
order by k.name_key, k.association_id
