#!/usr/bin/env python3
"""DuckDB doing in SQL what `tracelake run` does, on the same generated day: parse the logs (read_json
for logstash JSON; read_csv of whole lines and regexp_extract for the pattern layout), write the events
as Parquet, group them into spans and traces, compute per-operation percentiles, each written as zstd
Parquet. Prints one JSON line of counts and stage seconds.

    duckdb_equivalent.py json|pattern LOGS_DIR OUT_DIR [--layout narrow|events] [--config tracelake.yaml]
                         [--threads N] [--memory-limit 3GB]

Two variants of the events table:
  narrow (default)  the columns the spans need, in the files' order, DuckDB's default Parquet settings.
  events            tracelake's events table (model/SCHEMA.md): every column with its type, attributes as a
                    MAP(VARCHAR, VARCHAR) of the line's other fields, times in UTC (the pattern sources' time
                    zones from the config), source and source_file as the config names them, line numbers
                    counted per file, a stack trace's lines folded into the entry before them (line_count,
                    exception_type, exception_message), ids normalised, sorted by trace_id (events without one
                    first), ts, source_file, line_number; zstd, row groups up to 128 MB, a bloom filter on
                    trace_id (DuckDB writes one for dictionary-encoded columns). Spans, traces and percentiles
                    as in the narrow variant, read from that file.

Like the naive Spark job (bench/spark/.../NaiveSpark.java) both skip what tracelake does besides: rejects,
span markers, parent inference, request ids, the rebuild; the narrow variant also local time zones and
multi-line entries (stack-trace lines do not match and are dropped). The events variant knows the
generator's JSON fields (those outside the columns become attributes), not arbitrary ones.
"""
import argparse
import fnmatch
import glob
import json
import os
import re
import time

import duckdb

# the generator's pattern layout: %d %-5level [%thread] %logger{36} traceId= spanId= parentId= - %msg
PATTERN_LINE = (r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) +(\w+) +\[([^\]]*)\] "
                r"(\S+) traceId=(\S*) spanId=(\S*) parentId=(\S*) - (.*)$")
PATTERN_FIELDS = ["ts", "level", "thread", "logger", "trace_id", "span_id", "parent_span_id", "message"]
# logstash-logback-encoder's fields that are columns or dropped (as tracelake's logstash-json parser does)
JSON_COLUMNS = {"@timestamp": "ts", "level": "level", "app_name": "service", "HOSTNAME": "instance",
                "logger_name": "logger", "thread_name": "thread", "message": "message", "traceId": "trace_id",
                "spanId": "span_id", "parentId": "parent_span_id"}
JSON_DROPPED = ["@version", "level_value"]
# the generator's other fields: tracelake keeps them in events.attributes
JSON_ATTRIBUTES = ["span_event", "span_name", "span_kind", "peer_service", "status_code"]
# an exception's first line in a stack trace: its type, then ": message" (tracelake's multi-line folding)
EXCEPTION_LINE = r"^([A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+)(?::\s(.*))?$"
PARQUET = "(FORMAT parquet, COMPRESSION zstd)"
LAYOUT_PARQUET = "(FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 100000000, ROW_GROUP_SIZE_BYTES '128MB')"
CSV_LINES = ("columns = {'line': 'VARCHAR'}, header = false, delim = '\x1f', quote = '', escape = '', "
             "max_line_size = 16777216, strict_mode = false")
# one scan per file in the events variant: a smaller read buffer than the 16 x max_line_size default, which
# would hold 256 MB per file; lines up to 1 MB (tracelake's default limits.max_line_bytes)
CSV_FILE_LINES = ("columns = {'line': 'VARCHAR'}, header = false, delim = '\x1f', quote = '', escape = '', "
                  "max_line_size = 1048576, buffer_size = 16777216, strict_mode = false")


def sql_string(text):
    return "'" + text.replace("'", "''") + "'"


def events_sql(kind, logs):
    glob_ = os.path.join(logs, "*", "*.log*")
    if kind == "json":
        return f"""
          SELECT CAST("@timestamp" AS TIMESTAMP) AS ts, level, app_name AS service, HOSTNAME AS instance,
                 logger_name AS logger, thread_name AS thread, message, traceId AS trace_id, spanId AS span_id,
                 parentId AS parent_span_id, span_name, filename AS file
          FROM read_json('{glob_}', format = 'newline_delimited', filename = true, columns = {{
            '@timestamp': 'VARCHAR', 'level': 'VARCHAR', 'app_name': 'VARCHAR', 'HOSTNAME': 'VARCHAR',
            'logger_name': 'VARCHAR', 'thread_name': 'VARCHAR', 'message': 'VARCHAR', 'traceId': 'VARCHAR',
            'spanId': 'VARCHAR', 'parentId': 'VARCHAR', 'span_name': 'VARCHAR'}})"""
    # one VARCHAR column per line: a delimiter and quote that never occur in a log line
    return f"""
      SELECT strptime(m.ts, '%Y-%m-%d %H:%M:%S.%g') AS ts, m.level,
             regexp_extract(filename, '/([^/]+)/[^/]+$', 1) AS service,
             regexp_extract(filename, '/([^/]+)\\.log[^/]*$', 1) AS instance,
             m.logger, m.thread, m.message, nullif(m.trace_id, '') AS trace_id, nullif(m.span_id, '') AS span_id,
             nullif(m.parent_span_id, '') AS parent_span_id, filename AS file
      FROM (SELECT regexp_extract(line, '{PATTERN_LINE}', {PATTERN_FIELDS!r}) AS m, filename
            FROM read_csv('{glob_}', {CSV_LINES}, filename = true)
            WHERE regexp_matches(line, '{PATTERN_LINE}'))"""


def read_sources(config):
    """The config's sources as (name, path globs, timezone, service, instance regex): a reader for the
    flat YAML `tracelake generate` writes, enough to name each file's source and time zone."""
    sources, current, in_paths = [], None, False
    for line in open(config):
        m = re.match(r"^  - name: *(.+?) *$", line)
        if m:
            current = {"name": m.group(1).strip("\"'"), "paths": [], "timezone": None, "service": None}
            sources.append(current)
            in_paths = False
            continue
        if current is None:
            continue
        if re.match(r"^    paths:", line):
            in_paths = True
            continue
        m = re.match(r"^      - *(.+?) *$", line)
        if in_paths and m:
            current["paths"].append(m.group(1).strip("\"'"))
            continue
        in_paths = False
        m = re.match(r"^    timezone: *(.+?) *$", line)
        if m:
            current["timezone"] = m.group(1).strip("\"'")
        m = re.match(r"^    service: *\{value: *([^}]+?) *\}", line)
        if m:
            current["service"] = m.group(1).strip("\"'")
    return sources


def source_of(path, sources, config_dir, day):
    for s in sources:
        for pattern in s["paths"]:
            full = os.path.join(config_dir, pattern.replace("{date}", day))
            if fnmatch.fnmatch(path, full):
                return s
    raise SystemExit(f"duckdb_equivalent: {path} matches no source's paths in the config; pass the day's "
                     "tracelake.yaml with --config")


def trace_id_sql(column):
    # tracelake's normalisation of a hex id: lower case, a 64-bit trace id left-padded to 32 digits
    return f"CASE WHEN length({column}) = 16 THEN lpad(lower({column}), 32, '0') ELSE lower({column}) END"


def file_events_sql(kind, path, source):
    """One file's events in tracelake's layout. Each file is its own scan so that row_number() OVER ()
    (a streaming window, in the file's order) is its line number."""
    file_uri = sql_string("file:" + os.path.abspath(path))
    tail = f"""{sql_string(source['name'])} AS source, {file_uri} AS source_file"""
    if kind == "json":
        columns = {name: "VARCHAR" for name in list(JSON_COLUMNS) + JSON_ATTRIBUTES}
        entries = ", ".join(f"{{'key': {sql_string(a)}, 'value': \"{a}\"}}" for a in JSON_ATTRIBUTES)
        return f"""
          SELECT CAST("@timestamp" AS TIMESTAMPTZ) AS ts, upper(level) AS level, app_name AS service,
                 HOSTNAME AS instance, logger_name AS logger, thread_name AS thread, message,
                 {trace_id_sql('"traceId"')} AS trace_id, lower("spanId") AS span_id,
                 lower("parentId") AS parent_span_id,
                 map_from_entries(list_filter([{entries}], e -> e.value IS NOT NULL)) AS attributes,
                 {tail}, row_number() OVER () AS line_number, 1 AS line_count
          FROM read_json({sql_string(path)}, format = 'newline_delimited', columns = {columns!r})"""
    zone = source["timezone"] or "+00:00"
    fields = ", ".join(f"m.{f}" for f in PATTERN_FIELDS if f != "message")
    service = sql_string(source["service"]) if source["service"] else "NULL"
    instance = sql_string(re.sub(r"\.log[^/]*$", "", os.path.basename(path)))
    # lines numbered in the file's order; each line knows the entry it belongs to (the last line that
    # matched the layout at or before it); continuation lines are folded into that entry
    return f"""
      WITH numbered AS (
        SELECT line, row_number() OVER () AS n FROM read_csv({sql_string(path)}, {CSV_FILE_LINES})),
      matched AS (
        SELECT n, line, regexp_extract(line, '{PATTERN_LINE}', {PATTERN_FIELDS!r}) AS m FROM numbered),
      owned AS (
        SELECT n, line, m, m.ts <> '' AS is_entry,
               max(CASE WHEN m.ts <> '' THEN n END) OVER (ROWS UNBOUNDED PRECEDING) AS entry FROM matched),
      continued AS (
        SELECT entry, count(*) AS lines, string_agg(line, chr(10) ORDER BY n) AS text,
               arg_min(line, n) AS first_line
        FROM owned WHERE NOT is_entry AND entry IS NOT NULL GROUP BY entry)
      SELECT strptime(o.m.ts || ' {zone}', '%Y-%m-%d %H:%M:%S.%g %z') AS ts, upper(o.m.level) AS level,
             {service} AS service, {instance} AS instance, o.m.logger AS logger, o.m.thread AS thread,
             CASE WHEN c.text IS NULL THEN o.m.message ELSE o.m.message || chr(10) || c.text END AS message,
             {trace_id_sql("nullif(o.m.trace_id, '')")} AS trace_id, lower(nullif(o.m.span_id, '')) AS span_id,
             lower(nullif(o.m.parent_span_id, '')) AS parent_span_id,
             MAP {{}}::MAP(VARCHAR, VARCHAR) AS attributes, {tail}, o.n AS line_number,
             1 + coalesce(c.lines, 0) AS line_count,
             nullif(regexp_extract(c.first_line, '{EXCEPTION_LINE}', 1), '') AS exception_type,
             nullif(regexp_extract(c.first_line, '{EXCEPTION_LINE}', 2), '') AS exception_message
      FROM owned o LEFT JOIN continued c ON c.entry = o.n
      WHERE o.is_entry"""


def layout_events_sql(kind, logs, config):
    sources = read_sources(config)
    config_dir = os.path.dirname(os.path.abspath(config))
    day = os.path.basename(os.path.normpath(logs))
    files = sorted(glob.glob(os.path.join(logs, "*", "*.log*")))
    if not files:
        raise SystemExit(f"duckdb_equivalent: no *.log* file under {logs}/*/")
    parts = [file_events_sql(kind, p, source_of(os.path.abspath(p), sources, config_dir, day)) for p in files]
    # every column of model/SCHEMA.md's events table, in its order and with its type
    return f"""
      SELECT ts, level, service, instance, logger, thread, message, trace_id, span_id, parent_span_id,
             attributes, source, source_file, line_number::BIGINT AS line_number, line_count::INTEGER AS line_count,
             NULL::VARCHAR AS request_id, {'NULL::VARCHAR' if kind == 'json' else 'exception_type'} AS exception_type,
             {'NULL::VARCHAR' if kind == 'json' else 'exception_message'} AS exception_message,
             NULL::VARCHAR AS http_method, NULL::VARCHAR AS http_path, NULL::INTEGER AS http_status,
             NULL::BIGINT AS duration_us, NULL::VARCHAR AS stream, 'line' AS time_source
      FROM ({' UNION ALL '.join('(' + p + ')' for p in parts)})
      ORDER BY trace_id NULLS FIRST, ts, source_file, line_number"""


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["json", "pattern"])
    ap.add_argument("logs")
    ap.add_argument("out")
    ap.add_argument("--layout", choices=["narrow", "events"], default="narrow")
    ap.add_argument("--config", help="the day's tracelake.yaml (--layout events; default: LOGS_DIR/../../tracelake.yaml)")
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

    events, spans, traces, percentiles = (os.path.join(args.out, n + ".parquet")
                                          for n in ("events", "spans", "traces", "percentiles"))
    if args.layout == "events":
        config = args.config or os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(args.logs))),
                                             "tracelake.yaml")
        if not os.path.exists(config):
            raise SystemExit(f"duckdb_equivalent: no config at {config}; pass the day's tracelake.yaml with --config")
        # row groups by bytes need this; the ORDER BY still orders the file, and each file's line numbers
        # come from a streaming window, which keeps its input's order
        db.execute("SET preserve_insertion_order = false")
        stage("parse_and_write_events", f"COPY ({layout_events_sql(args.kind, args.logs, config)}) "
                                        f"TO '{events}' {LAYOUT_PARQUET}")
    else:
        stage("parse_and_write_events", f"COPY ({events_sql(args.kind, args.logs)}) TO '{events}' {PARQUET}")
    stage("spans", f"""COPY (
        SELECT trace_id, span_id, any_value(parent_span_id) AS parent_span_id, any_value(service) AS service,
               any_value(logger) AS name, min(ts) AS start_time, max(ts) AS end_time, count(*) AS event_count,
               bool_or(level = 'ERROR') AS error, date_diff('microsecond', min(ts), max(ts)) AS duration_us
        FROM '{events}' WHERE trace_id IS NOT NULL AND span_id IS NOT NULL
        GROUP BY trace_id, span_id) TO '{spans}' {PARQUET}""")
    stage("traces", f"""COPY (
        SELECT trace_id, arg_min(service, (parent_span_id IS NOT NULL, start_time)) AS root_service,
               arg_min(name, (parent_span_id IS NOT NULL, start_time)) AS root_operation,
               min(start_time) AS start_time, max(end_time) AS end_time, count(*) AS span_count,
               count(DISTINCT service) AS service_count, bool_or(error) AS error
        FROM '{spans}' GROUP BY trace_id) TO '{traces}' {PARQUET}""")
    stage("percentiles", f"""COPY (
        SELECT service, name, count(*) AS spans,
               quantile_cont(duration_us, [0.5, 0.95, 0.99]) AS p50_p95_p99
        FROM '{spans}' GROUP BY service, name) TO '{percentiles}' {PARQUET}""")
    counts = {name: db.execute(f"SELECT count(*) FROM '{path}'").fetchone()[0]
              for name, path in (("events", events), ("spans", spans), ("traces", traces))}
    print(json.dumps({**counts, "layout": args.layout, "duckdb": duckdb.__version__, "threads": args.threads,
                      "memory_limit": args.memory_limit, "stages": stages}))


if __name__ == "__main__":
    main()
