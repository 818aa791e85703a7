-- one row per year that has data in the snapshot (the period slider's range)
select year from data_years(null, null) order by year
