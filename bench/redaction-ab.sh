#!/usr/bin/env bash
# What redaction costs (issue 14 point 5): the same 1M-line JSON day run by `bin/tracelake run` with the default
# redaction and with `redaction: off`, in alternating pairs (on/off, off/on, ...) after one warm-up run (which
# builds the jar and the class-data-sharing archive); CPU seconds (user + sys) from /usr/bin/time. Not part of the
# test command.
#   PAIRS      pairs to run (default 4)
#   BENCH_DIR  where the day is generated and the warehouses go (default /tmp/tracelake-redaction-ab)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dir="${BENCH_DIR:-/tmp/tracelake-redaction-ab}"
pairs="${PAIRS:-4}"
day=2026-11-20
if [[ ! -f "$dir/json-1M/tracelake.yaml" ]]; then
  # 59 lines per request on this generator's JSON days (bench/scaling.py's LINES_PER_REQUEST)
  "$root/bin/tracelake" generate --out "$dir/json-1M" --date "$day" --requests 16949 --seed 1 >/dev/null
fi
cd "$dir/json-1M"
sed 's/^warehouse: .*/warehouse: wh-on/' tracelake.yaml > on.yaml
sed 's/^warehouse: .*/warehouse: wh-off\nredaction: off/' tracelake.yaml > off.yaml
times="$dir/times.txt"
: > "$times"
rm -rf wh-on
"$root/bin/tracelake" run --config on.yaml --date "$day" >/dev/null 2>&1
for ((p = 0; p < pairs; p++)); do
  order="on off"
  (( p % 2 == 1 )) && order="off on"
  for mode in $order; do
    rm -rf "wh-$mode"
    /usr/bin/time -f "$p $mode %U %S" -a -o "$times" "$root/bin/tracelake" run --config "$mode.yaml" --date "$day" \
      >/dev/null 2>&1
  done
done
rm -rf wh-on wh-off
awk '{cpu[$1 " " $2] = $3 + $4; sum[$2] += $3 + $4; n[$2]++}
  END {
    for (p = 0; p < n["on"]; p++) printf "pair %d: on %.2f CPU-s, off %.2f CPU-s (%+.1f%%)\n", p + 1, cpu[p " on"],
        cpu[p " off"], 100 * (cpu[p " on"] / cpu[p " off"] - 1)
    printf "mean: on %.2f CPU-s, off %.2f CPU-s: redaction costs %+.1f%% (load %s)\n", sum["on"] / n["on"],
        sum["off"] / n["off"], 100 * (sum["on"] / sum["off"] - 1), load
  }' load="$(cut -d' ' -f1-3 /proc/loadavg)" "$times"
