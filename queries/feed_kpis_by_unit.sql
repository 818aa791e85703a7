-- one row per unit per year: overview_kpis for each unit on its own (unit_codes = [that unit]), all units in one pass, for the indicator feed
select *
from kpis_by_unit(null, null, null, null, null, null)
order by unit_code, year
