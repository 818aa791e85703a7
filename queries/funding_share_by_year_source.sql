-- one row per year per source: the source's share of that year's funding (the 100% chart)
-- with $source_codes, only the chosen sources' rows, each still a share of all the year's funding
with assoc as (
    select * from filtered_associations($unit_codes, $levels, $type_codes, $special_only)
),
by_source as (
    select f.year, f.source, sum(f.amount_vnd) as amount_vnd
    from funding as f
    join assoc as a using (association_id)
    where in_period(f.year, $year_from, $year_to)
    group by f.year, f.source
),
shares as (
    select
        year,
        source,
        amount_vnd::bigint as amount_vnd,
        100.0 * amount_vnd / nullif(sum(amount_vnd) over (partition by year), 0) as share_pct
    from by_source
)
select *
from shares
where $source_codes is null or list_contains($source_codes::varchar[], source)
order by year, source
