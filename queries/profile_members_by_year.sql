-- one row per year of the period: the association's members at year end (a stock) and new members
select m.year, m.members::bigint as members, m.new_members::bigint as new_members
from membership as m
where m.association_id = $association_id
  and in_period(m.year, $year_from, $year_to)
order by m.year
