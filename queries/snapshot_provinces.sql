-- one row per province that holds associations of the snapshot and still exists on its as-of date ($as_of): a national roll-up holds several (the sidebar then offers them); Đắk Nông and Bình Thuận, whose associations ended on 30/6/2025, are not provinces of a later Lâm Đồng snapshot
with recursive tree as (
    select unit_code as province_code, unit_code from units where kind = 'province'
    union all
    select tree.province_code, u.unit_code from units u join tree on u.parent_code = tree.unit_code
)

select p.unit_code as province_code, p.name, p.name_en
from units p
where p.kind = 'province'
    and (p.valid_to is null or p.valid_to >= $as_of::date)
    and exists (
        select 1 from tree join associations a on a.unit_code = tree.unit_code
        where tree.province_code = p.unit_code
    )
order by p.unit_code
