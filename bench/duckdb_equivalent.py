#!/usr/bin/env python3
"""DuckDB doing in SQL what `tracelake run` does, on the same generated day: parse the logs (read_json
for logstash JSON; read_csv of whole lines and regexp_extract for the pattern layout), write the events
as Parquet, group them into spans and traces, compute per-operation percentiles, each written as zstd
Parquet. Prints one JSON line of counts and stage seconds.

    duckdb_equivalent.py json|pattern LOGS_DIR OUT_DIR [--threads N] [--memory-limit 3GB]

Like the naive Spark job (bench/spark/.../NaiveSpark.java) it skips what tracelake does besides:
local time zones, multi-line entries (stack-trace lines do not match and are dropped), span markers,
parent inference, rejects, request ids.
"""
import argparse
import json
import os
import time

import duckdb

# the generator's pattern layout: %d %-5level [%thread] %logger{36} traceId= spanId= parentId= - %msg
PATTERN_LINE = (r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) +(\w+) +\[([^\]]*)\] "
                r"(\S+) traceId=(\S*) spanId=(\S*) parentId=(\S*) - (.*)$")


def events_sql(kind, logs):
    glob = os.path.join(logs, "*", "*.log*")
    if kind == "json":
        return f"""
          SELECT CAST("@timestamp" AS TIMESTAMP) AS ts, level, app_name AS service, HOSTNAME AS instance,
                 logger_name AS logger, thread_name AS thread, message, traceId AS trace_id, spanId AS span_id,
                 parentId AS parent_span_id, span_name, filename AS file
          FROM read_json('{glob}', format = 'newline_delimited', filename = true, columns = {{
            '@timestamp': 'VARCHAR', 'level': 'VARCHAR', 'app_name': 'VARCHAR', 'HOSTNAME': 'VARCHAR',
            'logger_name': 'VARCHAR', 'thread_name': 'VARCHAR', 'message': 'VARCHAR', 'traceId': 'VARCHAR',
            'spanId': 'VARCHAR', 'parentId': 'VARCHAR', 'span_name': 'VARCHAR'}})"""
    # one VARCHAR column per line: a delimiter and quote that never occur in a log line
    names = ["ts", "level", "thread", "logger", "trace_id", "span_id", "parent_span_id", "message"]
    return f"""
      SELECT strptime(m.ts, '%Y-%m-%d %H:%M:%S.%g') AS ts, m.level,
             regexp_extract(filename, '/([^/]+)/[^/]+$', 1) AS service,
             regexp_extract(filename, '/([^/]+)\\.log[^/]*$', 1) AS instance,
             m.logger, m.thread, m.message, nullif(m.trace_id, '') AS trace_id, nullif(m.span_id, '') AS span_id,
             nullif(m.parent_span_id, '') AS parent_span_id, filename AS file
      FROM (SELECT regexp_extract(line, '{PATTERN_LINE}', {names!r}) AS m, filename
            FROM read_csv('{glob}', columns = {{'line': 'VARCHAR'}}, header = false, delim = '\x1f', quote = '',
                          escape = '', filename = true, max_line_size = 16777216, strict_mode = false)
            WHERE regexp_matches(line, '{PATTERN_LINE}'))"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["json", "pattern"])
    ap.add_argument("logs")
    ap.add_argument("out")
    ap.add_argument("--threads", type=int, default=os.cpu_count())
    ap.add_argument("--memory-limit", default="3GB")
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    db = duckdb.connect(config={"threads": args.threads, "memory_limit": args.memory_limit,
                                "temp_directory": os.path.join(args.out, "tmp")})
    stages = []

    def stage(name, sql):
        t = time.perf_counter()
        db.execute(sql)
        stages.append({"stage": name, "seconds": round(time.perf_counter() - t, 3)})

    parquet = "(FORMAT parquet, COMPRESSION zstd)"
    events, spans, traces, percentiles = (os.path.join(args.out, n + ".parquet")
                                          for n in ("events", "spans", "traces", "percentiles"))
    stage("parse_and_write_events", f"COPY ({events_sql(args.kind, args.logs)}) TO '{events}' {parquet}")
    stage("spans", f"""COPY (
        SELECT trace_id, span_id, any_value(parent_span_id) AS parent_span_id, any_value(service) AS service,
               any_value(logger) AS name, min(ts) AS start_time, max(ts) AS end_time, count(*) AS event_count,
               bool_or(level = 'ERROR') AS error, date_diff('microsecond', min(ts), max(ts)) AS duration_us
        FROM '{events}' WHERE trace_id IS NOT NULL AND span_id IS NOT NULL
        GROUP BY trace_id, span_id) TO '{spans}' {parquet}""")
    stage("traces", f"""COPY (
        SELECT trace_id, arg_min(service, (parent_span_id IS NOT NULL, start_time)) AS root_service,
               arg_min(name, (parent_span_id IS NOT NULL, start_time)) AS root_operation,
               min(start_time) AS start_time, max(end_time) AS end_time, count(*) AS span_count,
               count(DISTINCT service) AS service_count, bool_or(error) AS error
        FROM '{spans}' GROUP BY trace_id) TO '{traces}' {parquet}""")
    stage("percentiles", f"""COPY (
        SELECT service, name, count(*) AS spans,
               quantile_cont(duration_us, [0.5, 0.95, 0.99]) AS p50_p95_p99
        FROM '{spans}' GROUP BY service, name) TO '{percentiles}' {parquet}""")
    counts = {name: db.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
              for name, path in (("events", events), ("spans", spans), ("traces", traces))}
    print(json.dumps({**counts, "duckdb": duckdb.__version__, "threads": args.threads,
                      "memory_limit": args.memory_limit, "stages": stages}))


if __name__ == "__main__":
    main()
