#!/usr/bin/env bash
# Time of `tracelake trace` finding one trace in a month of data: 30 days, each simulated with its own
# seed and run through the nightly job into one warehouse (bench/BuildMonth.java), then lookups over
# the month (--from/--to), of one day (--date), over every day (no date), and of an id that is not
# there. Not part of the test command.
#   bench/trace-lookup.sh [REQUESTS_PER_DAY]   default: 2000 (about 120k lines, 50 MB of logs a day)
#   BENCH_DIR (default /tmp/tracelake-bench) holds the month; it is reused when present.
#   REPEAT (default 3) lookups of each kind; the table shows the fastest and the slowest.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="${BENCH_DIR:-/tmp/tracelake-bench}"
requests="${1:-2000}"
repeat="${REPEAT:-3}"
first=2026-10-01
days=30
last=$(date -u -d "$first +$((days - 1)) day" +%F)
month="$bench_dir/month-r$requests"
warehouse="$month/warehouse"
tl="$root/bin/tracelake"

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1); heap ${TRACELAKE_HEAP:-4g}; Spark local[*]"

# --- the month: 30 days simulated with their own seeds and run into one warehouse, in one JVM ---
"$tl" --version >/dev/null # builds the jar and the runtime classpath when sources changed
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$root/pom.xml")"
mkdir -p "$month"
build_start=$(date +%s)
# shellcheck disable=SC2086
SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}" java -Xmx"${TRACELAKE_HEAP:-4g}" $opens \
  -cp "$root/config:$root/target/tracelake-0.1.0-SNAPSHOT.jar:$(cat "$root/target/runtime.classpath")" \
  "$root/bench/BuildMonth.java" "$month" "$first" "$days" "$requests" 2>"$month/build.log" | sed 's/^/  /'
echo "month built (or reused) in $(( $(date +%s) - build_start )) s"

input_mb=$(cat "$month"/input-bytes-* | awk '{s+=$1} END {printf "%.0f", s/1e6}')
echo
echo "data: $days days ($first .. $last), $requests requests a day, ${input_mb} MB of logs in all;"
echo "warehouse: events $(du -sh "$warehouse/events" | cut -f1), spans $(du -sh "$warehouse/spans" | cut -f1),"\
  "traces $(du -sh "$warehouse/traces" | cut -f1);"\
  "$(find "$warehouse"/{events,spans,traces} -name '*.parquet' | wc -l) Parquet files"
echo

# --- lookups ---
timed() { # prints the seconds one command took; fails the bench on an unexpected exit code
  local expect=$1
  shift
  local start end code=0
  start=$(date +%s.%N)
  "$@" >/dev/null 2>&1 || code=$?
  end=$(date +%s.%N)
  if [[ $code -ne $expect ]]; then
    echo "unexpected exit $code (wanted $expect): $*" >&2
    exit 1
  fi
  echo "$end - $start" | bc
}

mid=$(date -u -d "$first +$((days / 2)) day" +%F)
id_first=$(cat "$month/id-$first")
id_mid=$(cat "$month/id-$mid")
id_last=$(cat "$month/id-$last")
absent=0123456789abcdef0123456789abcdef

row() { # label, expected exit, args...
  local label=$1 expect=$2
  shift 2
  local times=()
  for ((r = 0; r < repeat; r++)); do
    times+=("$(timed "$expect" "$tl" trace "$@" --warehouse "$warehouse")")
  done
  printf '| %s | %s | %s |\n' "$label" \
    "$(printf '%s\n' "${times[@]}" | sort -n | head -1 | xargs printf '%.1f')" \
    "$(printf '%s\n' "${times[@]}" | sort -n | tail -1 | xargs printf '%.1f')"
}

echo "| lookup | fastest s | slowest s |"
echo "|---|---:|---:|"
row "--date (the trace's day)" 0 "$id_mid" --date "$mid"
row "--from/--to over the month, trace of the first day" 0 "$id_first" --from "$first" --to "$last"
row "--from/--to over the month, trace of the middle day" 0 "$id_mid" --from "$first" --to "$last"
row "--from/--to over the month, trace of the last day" 0 "$id_last" --from "$first" --to "$last"
row "no date (every partition)" 0 "$id_mid"
row "absent id, --from/--to over the month (exit 4)" 4 "$absent" --from "$first" --to "$last"
echo
echo "Each lookup is the whole command (JVM start included; trace starts no Spark session), $repeat runs."
