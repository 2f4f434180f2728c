#!/usr/bin/env python3
"""Row check for performance work (issue 17): runs two tracelake jars on the same generated days and checks
that all 8 tables hold the same rows (DuckDB EXCEPT ALL both ways, plus row counts).

Kept out of `mvn verify` (it runs 16 nightly runs): run it by hand before and after a change.
  python3 src/test/perf/row_check.py OLD.jar NEW.jar [--work DIR] [--requests N]
Needs duckdb in the Python that runs it and target/runtime.classpath (bin/tracelake writes it).
"""
import argparse
import os
import pathlib
import shutil
import subprocess
import sys

import duckdb

DATE = "2026-11-20"
TABLES = ["events", "rejects", "spans", "traces", "service_operations_daily", "service_hourly",
          "dependencies_daily", "errors_daily"]
MODES = {
    "default": [],
    "no-kinds": ["--no-kinds"],
    "non-enclosing": ["--non-enclosing", "0.3"],
    "after-response": ["--after-response", "0.3"],
    "repeats": ["--repeats", "0.2"],
    "duplicates-skew": ["--duplicates", "0.05", "--max-skew", "200"],
    "ids-request": ["--ids", "request"],
    "mixed-formats": ["--formats", "mixed"],
    "across-midnight": ["--across-midnight", "20", "--giant-trace", "3000"],
}
ROOT = pathlib.Path(__file__).resolve().parents[3]


def java(jar, args):
    opens = next(line for line in (ROOT / "pom.xml").read_text().splitlines() if "<spark.jvm.opens>" in line)
    opens = opens.split("<spark.jvm.opens>")[1].split("</spark.jvm.opens>")[0].split()
    classpath = (ROOT / "target" / "runtime.classpath").read_text().strip()
    cmd = ["java", "-Xmx2g", *opens, "-XX:+UseParallelGC", "-XX:TieredStopAtLevel=1",
           f"-Dlogback.configurationFile={ROOT / 'config' / 'logback.xml'}",
           "-cp", f"{jar}:{classpath}", "io.tracelake.jobs.cli.TracelakeCommand", *args]
    env = dict(os.environ, SPARK_LOCAL_IP="127.0.0.1")
    done = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"row_check: {' '.join(args[:3])} failed ({done.returncode}):\n{done.stderr[-3000:]}")


def run_day(jar, day, warehouse):
    config = day / "tracelake.yaml"
    text = config.read_text().replace("warehouse: warehouse", f"warehouse: {warehouse}")
    text = text.replace('"logs/', f'"{day}/logs/')
    warehouse.parent.mkdir(parents=True, exist_ok=True)
    pinned = warehouse.with_suffix(".yaml")
    pinned.write_text(text)
    shutil.rmtree(warehouse, ignore_errors=True)
    java(jar, ["run", "--config", str(pinned), "--date", DATE])


def compare(old, new):
    problems = []
    con = duckdb.connect()
    for table in TABLES:
        # each warehouse holds one freshly run day: its files right in dt= (schema 6 and earlier) or in the one
        # run directory below it (schema 7)
        a = f"read_parquet('{old}/{table}/**/*.parquet', hive_partitioning=false)"
        b = f"read_parquet('{new}/{table}/**/*.parquet', hive_partitioning=false)"
        if not list(old.glob(f"{table}/**/*.parquet")) and not list(new.glob(f"{table}/**/*.parquet")):
            continue
        n_old = con.sql(f"SELECT count(*) FROM {a}").fetchone()[0]
        n_new = con.sql(f"SELECT count(*) FROM {b}").fetchone()[0]
        only_old = con.sql(f"SELECT count(*) FROM (SELECT * FROM {a} EXCEPT ALL SELECT * FROM {b})").fetchone()[0]
        only_new = con.sql(f"SELECT count(*) FROM (SELECT * FROM {b} EXCEPT ALL SELECT * FROM {a})").fetchone()[0]
        status = "same" if n_old == n_new and only_old == 0 and only_new == 0 else "DIFFERENT"
        print(f"  {table:26s} {n_old:8d} rows old, {n_new:8d} new, {only_old} only old, {only_new} only new: {status}")
        if status != "same":
            problems.append(table)
    return problems


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("old")
    parser.add_argument("new")
    parser.add_argument("--work", default="/tmp/tracelake-row-check")
    parser.add_argument("--requests", default="300")
    parser.add_argument("--modes", default=",".join(MODES))
    args = parser.parse_args()
    work = pathlib.Path(args.work)
    failed = []
    for mode in args.modes.split(","):
        day = work / "days" / mode
        if not (day / "tracelake.yaml").exists():
            java(args.old, ["generate", "--out", str(day), "--date", DATE, "--requests", args.requests,
                            *MODES[mode]])
        old, new = work / "wh" / mode / "old", work / "wh" / mode / "new"
        run_day(args.old, day, old)
        run_day(args.new, day, new)
        print(f"{mode}:")
        failed += [f"{mode}/{t}" for t in compare(old, new)]
    print("row check:", "all tables identical" if not failed else "DIFFERENT: " + ", ".join(failed))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
