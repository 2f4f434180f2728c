#!/usr/bin/env bash
# Reconstruction accuracy: generates days in each logging mode at several sizes, runs the nightly job on
# each and scores the rebuilt spans against the generator's ground truth with `tracelake accuracy`.
# Prints a Markdown table and writes every score as JSON under $OUT.
#   SIZES   requests per day (default "1000 5000")
#   MODES   names from the list below (default: all)
#   OUT     work directory (default /tmp/tracelake-accuracy); inputs are deleted after each row unless KEEP=1
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tracelake="$root/bin/tracelake"
out="${OUT:-/tmp/tracelake-accuracy}"
sizes="${SIZES:-1000 5000}"
date=2026-11-20
mkdir -p "$out"

# name | generator options
declare -A MODE_ARGS=(
  [full]=""
  [span-ids]="--ids span"
  [request-ids]="--ids request"
  [request-ids-mixed]="--ids request --formats mixed"
  [span-ids-mixed]="--ids span --formats mixed"
  [silent-and-access-only]="--ids request --silent recommendations,inventory --access-log-only shipping"
  [duplicates]="--ids request --duplicates 0.02"
  [skew-200ms]="--ids request --max-skew 200"
  [span-ids-skew-200ms]="--ids span --max-skew 200"
)
modes="${MODES:-full span-ids request-ids request-ids-mixed span-ids-mixed silent-and-access-only duplicates skew-200ms span-ids-skew-200ms}"

# build once, outside the timed rows
"$tracelake" --version >/dev/null

printf '| mode | requests | counted spans | spans recovered | parent links right | edges precision | edges recall | median start error | median duration error |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
for mode in $modes; do
  for requests in $sizes; do
    dir="$out/$mode-$requests"
    rm -rf "$dir"
    # shellcheck disable=SC2086
    "$tracelake" generate --out "$dir" --date "$date" --requests "$requests" --seed 7 ${MODE_ARGS[$mode]} >"$dir.generate.log" 2>&1
    "$tracelake" run --config "$dir/tracelake.yaml" --date "$date" >"$dir.run.log" 2>&1
    "$tracelake" accuracy --config "$dir/tracelake.yaml" --date "$date" --truth "$dir/truth" \
      --json "$out/$mode-$requests.json" >"$dir.accuracy.log" 2>&1
    python3 - "$out/$mode-$requests.json" "$mode" "$requests" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); r = s["report"]
print(f"| {sys.argv[2]} | {int(sys.argv[3]):,} | {r['counted_spans']:,} | {100*s['spans_recovered']:.2f} % | "
      f"{100*s['parent_links_right']:.2f} % | {100*s['edge_precision']:.1f} % | {100*s['edge_recall']:.1f} % | "
      f"{r['median_start_error_us']:,} µs | {r['median_duration_error_us']:,} µs |")
PY
    [[ "${KEEP:-0}" == 1 ]] || rm -rf "$dir"
  done
done
