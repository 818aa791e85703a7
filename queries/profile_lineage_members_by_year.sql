-- one row per year per association of the lineage (the association and its predecessors): members at year end
with family as (
    select $association_id as association_id, 0 as generation
    union all
    select predecessor_id, 1 from lineage where successor_id = $association_id
)
select
    m.year,
    f.association_id,
    a.name,
    a.name_en,
    f.generation,
    m.members::bigint as members
from membership as m
join family as f using (association_id)
join associations as a using (association_id)
where in_period(m.year, $year_from, $year_to)
order by m.year, f.generation, f.association_id
