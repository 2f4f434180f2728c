#!/usr/bin/env bash
# The scaling benchmark, one command: generates days of logs at several sizes and kinds, runs
# `bin/tracelake run` on each (the launcher's JVM settings) under /usr/bin/time -v with Spark's event log on,
# and beside it, on the same files, the read floor, the naive Spark job, DuckDB's narrow equivalent and DuckDB
# writing tracelake's events layout; writes bench/results/scaling-<UTC>.{md,json} (and latest.{md,json}) and
# prints the tables, with PASS/MISS for each target of issue 17. Not part of the test command.
#
#   bench/scaling.sh                          1M, 5M, 20M lines of json, pattern, mixed, json/request
#   BENCH_SIZES=1M BENCH_KINDS=json,pattern bench/scaling.sh --keep-inputs
#
#   BENCH_SIZES   comma-separated line counts (1M, 500k, ...)                       default 1M,5M,20M
#   BENCH_KINDS   json | pattern | mixed, each optionally /request (request ids only,
#                 needs the generator's --ids; skipped with a note when it lacks it)  default json,pattern,mixed,json/request
#   BENCH_TOOLS   floor,tracelake,naive,duckdb,duckdb-layout (naive, duckdb*: json and pattern only)
#   BENCH_HEAP    -Xmx of every JVM (TRACELAKE_HEAP for tracelake), DuckDB's memory_limit  default 3g
#   TRACELAKE_JAVA_OPTS  as bin/tracelake takes it (e.g. TRACELAKE_JVM_TUNING=off to run without its choices)
#   BENCH_DIR     where the generated days go (not the repo)                         default /tmp/tracelake-bench
#   BENCH_PROFILE=1     record the tracelake runs with JFR; a CPU profile summary lands next to the results
#   BENCH_UNDER_LOAD=1  mark the figures as taken on a busy machine
# Options after the command go to bench/scaling.py (--keep-inputs keeps the days for the next run; --cold drops
# the page cache before each timed step, as root, so that every tool reads the logs from disk as a nightly run does).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command_line="bench/scaling.sh $*"
for v in BENCH_SIZES BENCH_KINDS BENCH_TOOLS BENCH_HEAP BENCH_PROFILE BENCH_UNDER_LOAD; do
  [[ -n "${!v:-}" ]] && command_line="$v=${!v} $command_line"
done

if [[ ! -x /usr/bin/time ]]; then
  echo "bench: installing GNU time for peak RSS" >&2
  apt-get install -y -q time >/dev/null
fi

# the job jar and runtime classpath, as bin/tracelake builds them
mkdir -p target
if [[ ! -f target/tracelake-0.1.0-SNAPSHOT.jar || ! -f target/runtime.classpath \
      || -n "$(find pom.xml model parsers jobs simulator -newer target/tracelake-0.1.0-SNAPSHOT.jar -type f -print -quit)" ]]; then
  echo "bench: building tracelake" >&2
  if ! { mvn -B -o -Dstyle.color=never -DskipTests package \
       && mvn -B -o -Dstyle.color=never dependency:build-classpath -DincludeScope=compile \
            -Dmdep.outputFile=target/runtime.classpath; } >target/bench-build.log 2>&1; then
    tail -n 40 target/bench-build.log >&2
    exit 1
  fi
fi
# the bench-only Java (naive Spark job, read floor); also compiled by `mvn -Pbench test-compile`
rm -rf target/bench-classes && mkdir -p target/bench-classes
javac -nowarn -d target/bench-classes -cp "target/classes:$(cat target/runtime.classpath)" \
  bench/spark/io/tracelake/bench/*.java

# DuckDB in a venv from the machine's offline wheel index; pinned so runs compare
venv=bench/.venv
if ! "$venv/bin/python" -c 'import duckdb, sys; sys.exit(duckdb.__version__ != "1.5.6")' 2>/dev/null; then
  echo "bench: setting up $venv with duckdb 1.5.6" >&2
  python3 -m venv "$venv"
  PIP_RETRIES=0 PIP_TIMEOUT=10 "$venv/bin/pip" install -q duckdb==1.5.6
fi

args=(--sizes "${BENCH_SIZES:-1M,5M,20M}" --kinds "${BENCH_KINDS:-json,pattern,mixed,json/request}"
      --tools "${BENCH_TOOLS:-floor,tracelake,naive,duckdb,duckdb-layout}" --heap "${BENCH_HEAP:-3g}"
      --dir "${BENCH_DIR:-/tmp/tracelake-bench}" --command "$command_line")
[[ "${BENCH_PROFILE:-0}" == 1 ]] && args+=(--profile)
[[ "${BENCH_UNDER_LOAD:-0}" == 1 ]] && args+=(--under-load)
exec "$venv/bin/python" bench/scaling.py "${args[@]}" "$@"
