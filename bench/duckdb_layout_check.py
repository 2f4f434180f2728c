#!/usr/bin/env python3
"""Checks that bench/duckdb_equivalent.py --layout events writes tracelake's events table: the same column
names and types in the same order, the same number of rows, the same values line by line (joined on
source_file and line_number), and the same sort order. Prints what differs; exit code 1 when anything does.

    duckdb_layout_check.py TRACELAKE_EVENTS_GLOB DUCKDB_EVENTS_PARQUET

e.g. duckdb_layout_check.py 'day/warehouse/events/dt=2026-11-20/*.parquet' out/events.parquet
"""
import sys

import duckdb


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    ours, theirs = sys.argv[1], sys.argv[2]
    db = duckdb.connect()
    db.execute("SET TimeZone = 'UTC'")
    db.execute(f"CREATE VIEW ours AS SELECT * FROM read_parquet('{ours}', hive_partitioning = false)")
    db.execute(f"CREATE VIEW theirs AS SELECT * FROM read_parquet('{theirs}')")
    problems = []
    schema = {name: db.execute(f"SELECT column_name, column_type FROM (DESCRIBE {name})").fetchall()
              for name in ("ours", "theirs")}
    if schema["ours"] != schema["theirs"]:
        problems.append(f"schema differs:\n  tracelake {schema['ours']}\n  duckdb    {schema['theirs']}")
    counts = {name: db.execute(f"SELECT count(*) FROM {name}").fetchone()[0] for name in ("ours", "theirs")}
    if counts["ours"] != counts["theirs"]:
        problems.append(f"rows: tracelake {counts['ours']:,}, duckdb {counts['theirs']:,}")
    columns = [c for c, _ in schema["ours"] if c in dict(schema["theirs"])]
    # attributes compared as sorted entry lists: a map's entry order is not part of the table
    def value(side, c):
        return f"list_sort(map_entries({side}.{c}))" if c == "attributes" else f"{side}.{c}"
    # one join, every column counted in it
    compared = [c for c in columns if c not in ("source_file", "line_number")]
    differing = db.execute("SELECT " + ", ".join(
        f"count(*) FILTER (WHERE {value('ours', c)} IS DISTINCT FROM {value('theirs', c)}), "
        f"any_value(ours.source_file || ':' || ours.line_number) FILTER "
        f"(WHERE {value('ours', c)} IS DISTINCT FROM {value('theirs', c)})" for c in compared)
        + " FROM ours JOIN theirs USING (source_file, line_number)").fetchone()
    for i, c in enumerate(compared):
        if differing[2 * i]:
            problems.append(f"column {c}: {differing[2 * i]:,} rows differ, e.g. at {differing[2 * i + 1]}")
    unmatched = db.execute("SELECT count(*) FROM ours ANTI JOIN theirs USING (source_file, line_number)").fetchone()[0]
    if unmatched:
        problems.append(f"{unmatched:,} tracelake events have no duckdb event at the same file and line")
    # the layout's order: trace_id (nulls first), ts, source_file, line_number, checked in the file's row order
    for name in ("ours", "theirs"):
        out_of_order = db.execute(f"""
            SELECT count(*) FROM (
              SELECT trace_id, ts, source_file, line_number,
                     lag(trace_id) OVER w AS p_trace, lag(ts) OVER w AS p_ts, lag(source_file) OVER w AS p_file,
                     lag(line_number) OVER w AS p_line, lag(filename) OVER w AS p_filename, filename
              FROM (SELECT *, filename, file_row_number FROM read_parquet(
                      '{ours if name == 'ours' else theirs}', hive_partitioning = false, file_row_number = true))
              WINDOW w AS (ORDER BY filename, file_row_number))
            WHERE p_filename = filename
              AND (coalesce(p_trace, ''), p_ts, p_file, p_line) > (coalesce(trace_id, ''), ts, source_file, line_number)
            """).fetchone()[0]
        if out_of_order:
            problems.append(f"{name}: {out_of_order:,} rows out of the layout's order")
    print(f"tracelake {counts['ours']:,} events, duckdb {counts['theirs']:,}; {len(columns)} columns compared")
    for p in problems:
        print("DIFF " + p)
    if not problems:
        print("same columns, types, rows, values and order")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main()
