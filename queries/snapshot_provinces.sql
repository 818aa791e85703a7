-- one row per province in the snapshot's units (a national roll-up holds several; the sidebar then offers them)
select unit_code as province_code, name, name_en
from units
where kind = 'province'
order by unit_code
