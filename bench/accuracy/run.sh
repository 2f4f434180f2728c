#!/usr/bin/env bash
# Reconstruction accuracy: generates days in each logging mode at several sizes, runs the nightly job on
# each and scores the rebuilt spans against the generator's ground truth with `tracelake accuracy`; then
# does the same for every recorded test-bed day (real services, real agents: src/test/resources/testbed/*,
# whose truth is what the agents exported). Beside tracelake's scores it prints those of the naive baseline
# on the same spans (parent = tightest enclosing span by time, else the latest that started before).
# Prints a Markdown table and writes every score as JSON under $OUT.
#   SIZES    requests per generated day (default "1000 5000")
#   MODES    names from the list below (default: all)
#   TESTBED  1 (default) to score the test-bed days too, 0 not to
#   OUT      work directory (default /tmp/tracelake-accuracy); inputs are deleted after each row unless KEEP=1
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tracelake="$root/bin/tracelake"
out="${OUT:-/tmp/tracelake-accuracy}"
sizes="${SIZES:-1000 5000}"
date=2026-11-20
mkdir -p "$out"

# name | generator options. The last five are the behaviours of real services (issue 12): span ids with no
# kind, parents whose lines do not enclose their children, work after the response, the same line logged
# twice in one millisecond, and all of them at once.
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
  [no-kinds]="--ids span --no-kinds"
  [non-enclosing]="--ids span --non-enclosing 0.3"
  [after-response]="--ids request --after-response 0.2"
  [repeats]="--ids request --repeats 0.02"
  [real-behaviour]="--ids span --no-kinds --non-enclosing 0.3 --after-response 0.2 --repeats 0.02"
)
modes="${MODES:-full span-ids request-ids request-ids-mixed span-ids-mixed silent-and-access-only duplicates skew-200ms span-ids-skew-200ms no-kinds non-enclosing after-response repeats real-behaviour}"

# build once, outside the rows
"$tracelake" --version >/dev/null

row() { # json file, mode, size
  python3 - "$1" "$2" "$3" <<'PY'
import json, sys
s = json.load(open(sys.argv[1])); r = s["report"]; b = s["baseline"]
print(f"| {sys.argv[2]} | {sys.argv[3]} | {r['counted_spans']:,} | {100*s['spans_recovered']:.2f} % | "
      f"{100*s['parent_links_right']:.2f} % | {100*s['baseline_parent_links_right']:.2f} % | "
      f"{s['edge_f1']:.3f} | {s['baseline_edge_f1']:.3f} | {100*s['edge_precision']:.1f} % | "
      f"{100*s['edge_recall']:.1f} % | {r['median_start_error_us']:,} µs | {r['median_duration_error_us']:,} µs |")
PY
}

printf '| mode | requests | counted spans | spans recovered | parent links right | baseline parent links | edge F1 | baseline edge F1 | edges precision | edges recall | median start error | median duration error |\n'
printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for mode in $modes; do
  [[ -n "${MODE_ARGS[$mode]+set}" ]] || { echo "no such mode: $mode (known: ${!MODE_ARGS[*]})" >&2; exit 2; }
  for requests in $sizes; do
    dir="$out/$mode-$requests"
    rm -rf "$dir"
    # shellcheck disable=SC2086
    if ! "$tracelake" generate --out "$dir" --date "$date" --requests "$requests" --seed 7 ${MODE_ARGS[$mode]} \
        >"$dir.generate.log" 2>&1; then
      printf '| %s | %s | generator refused the options: %s |\n' "$mode" "$requests" "$(tail -1 "$dir.generate.log")"
      continue
    fi
    "$tracelake" run --config "$dir/tracelake.yaml" --date "$date" >"$dir.run.log" 2>&1
    "$tracelake" accuracy --config "$dir/tracelake.yaml" --date "$date" --truth "$dir/truth" \
      --json "$out/$mode-$requests.json" >"$dir.accuracy.log" 2>&1
    row "$out/$mode-$requests.json" "$mode" "$(printf "%'d" "$requests")"
    [[ "${KEEP:-0}" == 1 ]] || rm -rf "$dir"
  done
done

if [[ "${TESTBED:-1}" == 1 ]]; then
  for fixture in "$root"/src/test/resources/testbed/*/; do
    name="$(basename "$fixture")"
    dir="$out/testbed-$name"
    rm -rf "$dir" && cp -r "$fixture" "$dir"
    day="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["day"])' "$dir/truth/summary.json")"
    "$tracelake" run --config "$dir/tracelake.yaml" --date "$day" >"$dir.run.log" 2>&1
    "$tracelake" accuracy --config "$dir/tracelake.yaml" --date "$day" --truth "$dir/truth" \
      --json "$out/testbed-$name.json" >"$dir.accuracy.log" 2>&1
    row "$out/testbed-$name.json" "test bed $name" "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["traces"])' "$dir/truth/summary.json") traces"
    [[ "${KEEP:-0}" == 1 ]] || rm -rf "$dir"
  done
fi
