-- DuckDB views over the tracelake warehouse: one view per table that has days (events, rejects, spans, traces
-- and the five daily aggregates), each reading only the files of the run its day's pointer names, with `dt`
-- typed as a DATE. Set the warehouse first, then run this file:
--
--   duckdb -cmd "SET VARIABLE warehouse = '/data/tracelake/warehouse'" -init notebooks/views.sql
--   con.execute("SET VARIABLE warehouse = ?", [path]); con.execute(open("notebooks/views.sql").read())
--
-- Why not a glob: a day's directory can hold a run that is still being written, or one a commit has just
-- replaced (see model/SCHEMA.md, "Commit"). The pointer `_runs/dt=<day>/_CURRENT` says which run is the day;
-- a day written before the pointer existed (schema 6 and earlier) has its files right in `dt=<day>/` and no
-- pointer, and is read as it is. The views are resolved when queried, so they follow the nightly runs.
-- A table none of whose days has a file yet cannot be viewed: DuckDB refuses a glob that matches nothing.

-- The run each day's pointer names for each table.
CREATE OR REPLACE VIEW tracelake_day_runs AS
SELECT CAST(p.date AS DATE) AS dt, e.entry.key AS table_name, e.entry.value AS run_id
FROM read_json(getvariable('warehouse') || '/_runs/dt=*/_CURRENT', format = 'auto',
               columns = {'date': 'VARCHAR', 'tables': 'MAP(VARCHAR, VARCHAR)'}) p,
     unnest(map_entries(p.tables)) AS e(entry);

-- One table's current rows: of each day, the files of the run its pointer names, or (no pointer) the files
-- right in the day's directory.
CREATE OR REPLACE MACRO tracelake_table(name) AS TABLE
SELECT f.* EXCLUDE (filename)
FROM read_parquet(getvariable('warehouse') || '/' || name || '/dt=*/**/*.parquet', hive_partitioning = true,
                  hive_types = {'dt': DATE}, filename = true, union_by_name = true) f
LEFT JOIN tracelake_day_runs r ON r.table_name = name AND r.dt = f.dt
WHERE CASE WHEN r.run_id IS NULL THEN regexp_matches(f.filename, '/dt=[^/]+/[^/]+\.parquet$')
           ELSE contains(f.filename, '/dt=' || CAST(f.dt AS VARCHAR) || '/' || r.run_id || '/') END;

CREATE OR REPLACE VIEW events AS FROM tracelake_table('events');
CREATE OR REPLACE VIEW rejects AS FROM tracelake_table('rejects');
CREATE OR REPLACE VIEW spans AS FROM tracelake_table('spans');
CREATE OR REPLACE VIEW traces AS FROM tracelake_table('traces');
CREATE OR REPLACE VIEW service_operations_daily AS FROM tracelake_table('service_operations_daily');
CREATE OR REPLACE VIEW service_hourly AS FROM tracelake_table('service_hourly');
CREATE OR REPLACE VIEW errors_daily AS FROM tracelake_table('errors_daily');
CREATE OR REPLACE VIEW dependencies_daily AS FROM tracelake_table('dependencies_daily');
CREATE OR REPLACE VIEW critical_path_daily AS FROM tracelake_table('critical_path_daily');
