-- unit scope (not a result query): temporary views on one cursor that shadow the snapshot's tables,
-- so every query and macro sees only the rows of the units in temp.scope_units. {base} is the
-- snapshot database's catalog, quoted by the runner (a name, never a value: the units are bound).
create temp view associations as
    select a.* from {base}.main.associations as a
    where a.unit_code in (select unit_code from temp.scope_units);

create temp view membership as
    select m.* from {base}.main.membership as m
    where m.association_id in (select association_id from temp.associations);

create temp view funding as
    select f.* from {base}.main.funding as f
    where f.association_id in (select association_id from temp.associations);

create temp view consultations as
    select c.* from {base}.main.consultations as c
    where c.association_id in (select association_id from temp.associations);

create temp view legal_aid as
    select l.* from {base}.main.legal_aid as l
    where l.association_id in (select association_id from temp.associations);

-- welfare is counted where it was delivered
create temp view welfare as
    select w.* from {base}.main.welfare as w
    where w.unit_code in (select unit_code from temp.scope_units);

-- what the welfare queries join to for the level / type / special-nature filters: the associations
-- that delivered welfare in the scope (attributes only, never their other rows)
create temp view welfare_associations as
    select a.association_id, a.type_code, a.level, a.special_nature
    from {base}.main.associations as a
    where a.association_id in (select association_id from temp.welfare);

-- lineage steps that touch an association of the scope (its predecessors or what it became); the
-- other side's name is then only known when it is inside the scope too
create temp view lineage as
    select l.* from {base}.main.lineage as l
    where l.predecessor_id in (select association_id from temp.associations)
        or l.successor_id in (select association_id from temp.associations);
