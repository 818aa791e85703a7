-- one row per unit lying in one of the chosen provinces ($province_codes), the provinces included
with recursive inside as (
    select unit_code
    from units
    where kind = 'province' and list_contains($province_codes, unit_code)
    union
    select units.unit_code
    from units
    join inside on units.parent_code = inside.unit_code
)
select unit_code from inside order by unit_code
