#!/usr/bin/env bash
# Interactive commands on a month: 30 of the generator's default days (1,000 requests each) in one warehouse,
# then each question asked with tracelake (a new JVM each time, start included: what a user waits for) and
# the same question in DuckDB over notebooks/views.sql (a new Python each time), in alternating pairs.
# Wall and CPU seconds from /usr/bin/time; the target (issue 16) is at most 2 s wall for tracelake.
# Writes bench/results/interactive-<UTC>.md and prints it. Not part of the test command.
#   bench/interactive.sh            BENCH_DIR (default /tmp/tracelake-bench) keeps the month for the next run
#   PAIRS=3                         alternating tracelake/DuckDB pairs per question
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bench_dir="${BENCH_DIR:-/tmp/tracelake-bench}"
pairs="${PAIRS:-3}"
first=2026-10-01
days=30
last=$(date -u -d "$first +$((days - 1)) day" +%F)
month="$bench_dir/month-default"
config="$month/tracelake.yaml"
warehouse="$month/warehouse"
tl="$root/bin/tracelake"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="bench/results/interactive-$stamp.md"

[[ -x /usr/bin/time ]] || apt-get install -y -q time >/dev/null
venv=bench/.venv
# pytz: DuckDB's Python client needs it to hand back timestamps with a time zone
if ! "$venv/bin/python" -c 'import duckdb, pytz, sys; sys.exit(duckdb.__version__ != "1.5.6")' 2>/dev/null; then
  echo "bench: setting up $venv with duckdb 1.5.6" >&2
  python3 -m venv "$venv"
  PIP_RETRIES=0 PIP_TIMEOUT=10 "$venv/bin/pip" install -q duckdb==1.5.6 pytz==2026.4
fi
"$tl" --version >/dev/null # builds the jar when sources changed

# --- the month: each day generated with its own seed into one directory (the config's paths carry {date}),
# then one run over the range (one JVM, one Spark session); the logs are dropped once the warehouse holds them
if [[ ! -f "$month/built" ]]; then
  rm -rf "$month"
  mkdir -p "$month"
  for ((d = 0; d < days; d++)); do
    day=$(date -u -d "$first +$d day" +%F)
    "$tl" generate --out "$month" --date "$day" --seed $((1000 + d)) >/dev/null
  done
  du -sb "$month/logs" | cut -f1 >"$month/input-bytes"
  started=$(date +%s)
  "$tl" run --config "$config" --from "$first" --to "$last" >"$month/run.log" 2>&1
  echo "$(( $(date +%s) - started ))" >"$month/run-seconds"
  rm -rf "$month/logs"
  touch "$month/built"
fi

# the launcher maps the classes of its last `run` from a class-data-sharing archive, as a user's commands do
# after the night's run; after a rebuild that archive is stale until a run writes it again: run a small day
# of its own (the month's logs are gone) so that the questions are timed as on a warehouse in use
if [[ ! target/tracelake-cds.jsa -nt target/tracelake-0.1.0-SNAPSHOT.jar ]]; then
  rm -rf "$bench_dir/cds-day"
  "$tl" generate --out "$bench_dir/cds-day" --date "$first" --requests 50 >/dev/null
  "$tl" run --config "$bench_dir/cds-day/tracelake.yaml" --date "$first" >/dev/null
  "$tl" --version >/dev/null # the run's archive is moved into place once its JVM is gone
fi

mid=$(date -u -d "$first +$((days / 2)) day" +%F)
week1_end=$(date -u -d "$first +6 day" +%F)
split=$(date -u -d "$first +7 day" +%F)
week2_end=$(date -u -d "$first +13 day" +%F)
duckq=("$venv/bin/python" "$root/bench/duckdb_question.py" "$warehouse" "$root/notebooks/views.sql")
trace_id=$("${duckq[@]}" "SELECT trace_id FROM traces WHERE dt = DATE '$mid' AND error ORDER BY span_count DESC, trace_id LIMIT 1")
endpoint=$("$tl" critical-path --warehouse "$warehouse" --json --limit 1 | "$venv/bin/python" -c \
  'import json, sys; e = json.load(sys.stdin)[0]; print(e["root_service"] + " " + e["root_operation"])')

measure() { # prints "wall cpu" of one command, failing the bench when it fails
  local log
  log=$(mktemp)
  if ! /usr/bin/time -f '%e %U %S' -o "$log" "$@" >/dev/null 2>"$log.err"; then
    echo "bench: failed: $*" >&2
    tail -5 "$log.err" >&2
    exit 1
  fi
  awk '{printf "%.2f %.2f\n", $1, $2 + $3}' "$log"
  rm -f "$log" "$log.err"
}

median() { sort -n | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

declare -a rows
question() { # label, DuckDB SQL, tracelake args...
  local label=$1 sql=$2
  shift 2
  local tw=() tc=() dw=() dc=()
  for ((p = 0; p < pairs; p++)); do
    read -r w c < <(measure "$tl" "$@")
    tw+=("$w"); tc+=("$c")
    read -r w c < <(measure "${duckq[@]}" "$sql")
    dw+=("$w"); dc+=("$c")
  done
  local twm tcm dwm dcm verdict
  twm=$(printf '%s\n' "${tw[@]}" | median); tcm=$(printf '%s\n' "${tc[@]}" | median)
  dwm=$(printf '%s\n' "${dw[@]}" | median); dcm=$(printf '%s\n' "${dc[@]}" | median)
  verdict=$(awk -v w="$twm" 'BEGIN {print (w <= 2.0) ? "PASS" : "MISS"}')
  rows+=("| $label | \`tracelake $*\` | $twm | $tcm | $dwm | $dcm | $verdict |")
  echo "  $label: tracelake ${twm}s wall ${tcm}s CPU, DuckDB ${dwm}s wall ${dcm}s CPU" >&2
}

question "one trace, every day searched" \
  "SELECT * FROM spans WHERE trace_id = '$trace_id'; SELECT ts, service, level, message FROM events WHERE trace_id = '$trace_id' ORDER BY ts" \
  trace "$trace_id" --warehouse "$warehouse" --width 120
question "search: payments errors, slowest 20" \
  "SELECT * FROM traces WHERE error AND trace_id IN (SELECT trace_id FROM spans WHERE service = 'payments') ORDER BY duration_us DESC LIMIT 20" \
  search --warehouse "$warehouse" --service payments --errors-only --slowest --limit 20
question "export 200 failed traces (Zipkin JSON)" \
  "COPY (SELECT s.* FROM spans s JOIN (SELECT trace_id FROM traces WHERE error ORDER BY start_time, trace_id LIMIT 200) USING (trace_id)) TO '/tmp/tracelake-bench-duck.json' (FORMAT json)" \
  export --format zipkin --warehouse "$warehouse" --errors-only --limit 200 --out /tmp/tracelake-bench-export.json
question "dependency graph of the month" \
  "SELECT parent, child, sum(calls), sum(errors) FROM dependencies_daily GROUP BY ALL" \
  dependencies --config "$config" --from "$first" --to "$last" --out /tmp/tracelake-bench-deps.json
question "compare two weeks: endpoints and edges" \
  "SELECT service, name, dt >= DATE '$split' AS candidate, count(*), avg(CASE WHEN status = 'ERROR' THEN 1.0 ELSE 0 END), quantile_cont(duration_us, [0.5, 0.95, 0.99]) FROM spans WHERE kind IN ('SERVER', 'CONSUMER') AND dt BETWEEN DATE '$first' AND DATE '$week2_end' GROUP BY ALL; SELECT parent, child, dt >= DATE '$split' AS candidate, sum(calls), sum(errors) FROM dependencies_daily WHERE dt BETWEEN DATE '$first' AND DATE '$week2_end' GROUP BY ALL" \
  compare --warehouse "$warehouse" --baseline "$first..$week1_end" --candidate "$split..$week2_end"
question "critical path of the busiest endpoint, month" \
  "SELECT service, operation, sum(critical_us) FROM critical_path_daily WHERE root_service || ' ' || root_operation = '$endpoint' GROUP BY ALL ORDER BY 3 DESC" \
  critical-path --warehouse "$warehouse" --from "$first" --to "$last" --endpoint "$endpoint"

{
  echo "# Interactive commands on a month ($stamp)"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs);" \
    "load $(cut -d' ' -f1-3 /proc/loadavg) at the end; $(java -version 2>&1 | head -1); DuckDB 1.5.6 (Python)."
  echo "Data: $days generated days ($first .. $last), 1,000 requests a day, $(( $(cat "$month/input-bytes") / 1000000 )) MB of logs;" \
    "warehouse $(du -sh "$warehouse" | cut -f1), $(find "$warehouse" -name '*.parquet' | wc -l) Parquet files; built by one run in $(cat "$month/run-seconds") s."
  echo "Each question: $pairs alternating pairs, a new process each time (JVM start included for tracelake," \
    "Python start and the views for DuckDB); medians. Target: tracelake at most 2 s wall."
  echo
  echo "| question | tracelake command | tracelake wall s | tracelake CPU s | DuckDB wall s | DuckDB CPU s | ≤ 2 s |"
  echo "|---|---|---:|---:|---:|---:|---|"
  printf '%s\n' "${rows[@]}"
} | tee "$out"
