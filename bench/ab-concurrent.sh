#!/usr/bin/env bash
# A/B of two builds of tracelake on one generated day, in concurrent pairs: both runs of a pair start at the same
# moment, so both see the same machine (this VM's speed drifts by 10-15 % within minutes, more than most changes
# are worth; alternating pairs then need many rounds). Each run's CPU seconds (user + sys, /usr/bin/time) and the
# ratio B / A are printed per pair; trust the ratios, not the absolute figures (two runs on two cores each slow
# the other). Not part of the test command.
#
#   bench/ab-concurrent.sh DAY_DIR BUILD_A BUILD_B [PAIRS]
#     DAY_DIR   a day written by `tracelake generate` (its tracelake.yaml), e.g. one of bench/scaling.sh's
#     BUILD_A/B checkouts with a built jar (bin/tracelake in each); run each once before, so that its
#               class-data archive is written outside the measurement
#   AB_OPTS_A, AB_OPTS_B  TRACELAKE_JAVA_OPTS of each side (to compare settings with one build for both)
set -euo pipefail
[[ $# -ge 3 ]] || { sed -n '2,13p' "$0" >&2; exit 2; }
day="$(cd "$1" && pwd)"
builds=("$2" "$3")
opts=("${AB_OPTS_A:-}" "${AB_OPTS_B:-}")
pairs="${4:-3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for side in 0 1; do
  sed "s|^warehouse: .*|warehouse: $work/warehouse-$side|" "$day/tracelake.yaml" >"$day/ab-concurrent-$side.yaml"
done

one() { # side
  rm -rf "$work/warehouse-$1"
  TRACELAKE_JAVA_OPTS="${opts[$1]}" /usr/bin/time -f "%U %S" -o "$work/time-$1" \
    "${builds[$1]}/bin/tracelake" run --config "$day/ab-concurrent-$1.yaml" --date "$(date_of_day)" \
    >/dev/null 2>"$work/log-$1" || { echo "run $1 failed:" >&2; tail -5 "$work/log-$1" >&2; return 1; }
}
date_of_day() { basename "$(ls -d "$day"/logs/*/ | head -1)"; }

echo "day $day; A ${builds[0]} ${opts[0]}; B ${builds[1]} ${opts[1]}; $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg)"
for ((i = 1; i <= pairs; i++)); do
  one 0 & a=$!
  one 1 & b=$!
  wait $a && wait $b
  cpu_a=$(awk '{print $1 + $2}' "$work/time-0")
  cpu_b=$(awk '{print $1 + $2}' "$work/time-1")
  echo "pair $i: A $cpu_a CPU-s, B $cpu_b CPU-s, B/A $(awk -v a="$cpu_a" -v b="$cpu_b" 'BEGIN {printf "%.3f", b / a}')"
done
rm -f "$day"/ab-concurrent-[01].yaml
