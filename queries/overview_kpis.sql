-- one row per year: the overview's headline indicators (stocks at year end, flows summed over the year),
-- the units' figures (kpis_by_unit, _macros.sql) summed; a year of the period with no row is all zeros
select
    y.year,
    coalesce(sum(k.associations), 0)::bigint as associations,
    coalesce(sum(k.members), 0)::bigint as members,
    coalesce(sum(k.state_budget_vnd), 0)::bigint as state_budget_vnd,
    coalesce(sum(k.social_mobilisation_vnd), 0)::bigint as social_mobilisation_vnd,
    coalesce(sum(k.total_funding_vnd), 0)::bigint as total_funding_vnd,
    coalesce(sum(k.meetings), 0)::bigint as meetings,
    coalesce(sum(k.comments_submitted), 0)::bigint as comments_submitted,
    coalesce(sum(k.comments_accepted), 0)::bigint as comments_accepted,
    coalesce(sum(k.legal_aid_cases), 0)::bigint as legal_aid_cases,
    coalesce(sum(k.legal_aid_person_times), 0)::bigint as legal_aid_person_times,
    coalesce(sum(k.welfare_value_vnd), 0)::bigint as welfare_value_vnd
from data_years($year_from, $year_to) as y
left join kpis_by_unit($unit_codes, $levels, $type_codes, $special_only, $year_from, $year_to) as k using (year)
group by y.year
order by y.year
