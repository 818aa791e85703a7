-- one row per lineage step of the association: the associations it came from, and what it became
select
    case when l.successor_id = $association_id then 'predecessor' else 'successor' end as relation,
    case when l.successor_id = $association_id then l.predecessor_id else l.successor_id end as other_id,
    o.name as other_name,
    o.name_en as other_name_en,
    o.unit_code as other_unit_code,
    l.effective_on,
    l.kind,
    l.members_at_change::bigint as members_at_change
from lineage as l
left join associations as o
    on o.association_id = case when l.successor_id = $association_id then l.predecessor_id else l.successor_id end
where l.successor_id = $association_id or l.predecessor_id = $association_id
order by relation, l.effective_on, other_id
