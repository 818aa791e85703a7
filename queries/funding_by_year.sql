-- one row per year: funding by source (a flow), members at year end (a stock), funding per member and self-mobilised đồng per đồng of state budget
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
money as (
    -- with $source_codes, only money from the chosen sources (a click on the funding page); all_funding_vnd
    -- keeps every source, so the state budget's share stays a share of all funding
    select
        f.year,
        sum(f.amount_vnd) filter (where f.source = 'state_budget' and chosen) as state_budget_vnd,
        sum(f.amount_vnd) filter (where f.source = 'foreign_aid' and chosen) as foreign_aid_vnd,
        sum(f.amount_vnd) filter (where f.source = 'social_mobilisation' and chosen) as social_mobilisation_vnd,
        sum(f.amount_vnd) filter (where f.source = 'member_fees' and chosen) as member_fees_vnd,
        sum(f.amount_vnd) filter (where f.source = 'other' and chosen) as other_vnd,
        sum(f.amount_vnd) filter (where chosen) as total_funding_vnd,
        sum(f.amount_vnd) as all_funding_vnd
    from (
        select *, ($source_codes is null or list_contains($source_codes::varchar[], source)) as chosen
        from funding
    ) as f
    join assoc as a using (association_id)
    where in_period(f.year, $year_from, $year_to)
    group by f.year
),
members as (
    select m.year, sum(m.members) as members
    from membership as m
    join assoc as a using (association_id)
    where in_period(m.year, $year_from, $year_to)
    group by m.year
),
joined as (
    select
        coalesce(mo.year, me.year) as year,
        coalesce(mo.state_budget_vnd, 0)::bigint as state_budget_vnd,
        coalesce(mo.foreign_aid_vnd, 0)::bigint as foreign_aid_vnd,
        coalesce(mo.social_mobilisation_vnd, 0)::bigint as social_mobilisation_vnd,
        coalesce(mo.member_fees_vnd, 0)::bigint as member_fees_vnd,
        coalesce(mo.other_vnd, 0)::bigint as other_vnd,
        coalesce(mo.total_funding_vnd, 0)::bigint as total_funding_vnd,
        coalesce(mo.all_funding_vnd, 0)::bigint as all_funding_vnd,
        coalesce(me.members, 0)::bigint as members
    from money as mo
    full outer join members as me using (year)
)
select
    *,
    100.0 * state_budget_vnd / nullif(all_funding_vnd, 0) as state_share_pct,
    total_funding_vnd / nullif(members, 0) as funding_per_member_vnd,
    social_mobilisation_vnd / nullif(state_budget_vnd, 0) as mobilised_per_state_budget
from joined
order by year
