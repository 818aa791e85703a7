-- one row: the association $association_id with its type, unit and parent (no row when the id is unknown)
select
    a.association_id,
    a.name,
    a.name_en,
    a.type_code,
    t.name_vi as type_name_vi,
    t.name_en as type_name_en,
    a.field,
    a.level,
    a.unit_code,
    u.name as unit_name,
    u.name_en as unit_name_en,
    a.parent_id,
    p.name as parent_name,
    p.name_en as parent_name_en,
    a.special_nature,
    a.party_state_task,
    a.founded_on,
    a.dissolved_on,
    a.licence_ref,
    (select count(*) from associations as c where c.parent_id = a.association_id) as branches
from associations as a
left join association_types as t using (type_code)
left join units as u on u.unit_code = a.unit_code
left join associations as p on p.association_id = a.parent_id
where a.association_id = $association_id
