"""Everything that runs on a built warehouse: the dbt build, report, diff, export
and the seed tools."""
