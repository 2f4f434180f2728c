#!/usr/bin/env bash
# End-to-end figures of `tracelake run` on generated days: lines/s, MB/s, wall time per stage and
# peak RSS, one row per size. Not part of the test command.
#   bench/nightly-run.sh [REQUESTS...]     default: 10000 50000 (about 0.6M and 2.9M lines)
#   BENCH_DIR (default /tmp/tracelake-bench) holds the generated days; they are reused when present.
#   BENCH_FORMATS=mixed generates days in which every service logs another format.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_dir="${BENCH_DIR:-/tmp/tracelake-bench}"
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(10000 50000)
day=2026-11-20

echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "java: $(java -version 2>&1 | head -1); heap ${TRACELAKE_HEAP:-4g}; Spark local[*]"
echo
echo "formats: ${BENCH_FORMATS:-logstash-json everywhere}"
echo
echo "| requests | lines | input MB | wall s | lines/s | MB/s | peak RSS MB | parse s | write and rebuild s | aggregate s | commit s |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for requests in "${sizes[@]}"; do
  formats="${BENCH_FORMATS:-}"
  out="$bench_dir/r$requests${formats:+-$formats}"
  if [[ ! -f "$out/tracelake.yaml" ]]; then
    "$root/bin/tracelake" generate --out "$out" --date "$day" --requests "$requests" --seed 1 \
      ${formats:+--formats "$formats"} >/dev/null
  fi
  report="$out/report.json"
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$out/time.txt" "$root/bin/tracelake" run --config "$out/tracelake.yaml" --date "$day" \
    --report "$report" >/dev/null 2>"$out/run.log"
  end=$(date +%s.%N)
  rss_kb=$(awk -F: '/Maximum resident set size/{gsub(/ /,"",$2); print $2}' "$out/time.txt")
  python3 - "$report" "$start" "$end" "$rss_kb" "$requests" <<'PY'
import json, sys
report, start, end, rss_kb, requests = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
r = json.load(open(report))
c = r["counts"]; stages = {s["stage"]: s["seconds"] for s in r["stages"]}
wall = end - start
mb = c["input_bytes"] / 1e6
print(f"| {requests} | {c['lines_read']:,} | {mb:,.0f} | {wall:.1f} | {c['lines_read']/wall:,.0f} | {mb/wall:.1f} | "
      f"{rss_kb/1024:,.0f} | {stages['parse']:.1f} | {stages['write_and_rebuild']:.1f} | {stages['aggregate']:.1f} | {stages['commit']:.1f} |")
PY
done
echo
echo "wall s is the whole command (JVM and Spark start included); stage times come from the run report."
