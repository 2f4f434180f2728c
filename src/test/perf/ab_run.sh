#!/usr/bin/env bash
# One measured nightly run of a given jar on a generated day, for A/B work on the run's cost (issue 17).
#   src/test/perf/ab_run.sh LABEL JAR DAY_DIR [extra JVM options...]
# DAY_DIR is what `tracelake generate --out DAY_DIR --date 2026-11-20` wrote. Prints one line:
#   LABEL cpu=<user+sys CPU-s> user= sys= wall= rssKB= load=   (from /usr/bin/time; also appended to $AB_LOG)
# Both sides run with the same JVM flags: a 4g heap and the launcher's GC and compiler choice, read from bin/tracelake
# where they are defined (as bench/scaling.py reads them); no application class-data archive, which would favour
# whichever jar it was made from.
# Run the two jars in ALTERNATING pairs, one process at a time, and compare CPU seconds, not wall time: the machine is
# shared. Not run by mvn verify.
set -euo pipefail
label="$1"; jar="$2"; day="$(cd "$3" && pwd)"; shift 3
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
work="${AB_WORK:-/tmp/tracelake-ab}"
mkdir -p "$work"
warehouse="$work/wh-$label"
rm -rf "$warehouse"
sed -e "s#^warehouse: warehouse#warehouse: $warehouse#" -e "s#\"logs/#\"$day/logs/#" "$day/tracelake.yaml" > "$work/$label.yaml"
date_dir="$(ls "$day/logs" | head -1)"
opens="$(sed -n 's:.*<spark.jvm.opens>\(.*\)</spark.jvm.opens>.*:\1:p' "$root/pom.xml")"
# the -XX: options of the launcher's tuning+=(...) groups (the GC and the compiler settings)
launcher_jvm="$(tr '\n' ' ' < "$root/bin/tracelake" | grep -oE 'tuning\+=\(-XX:[^)$"]+\)' \
  | sed -e 's/^tuning+=(//' -e 's/)$//' | tr -s ' ' | tr '\n' ' ')"
[[ "$launcher_jvm" == *Tier4* ]] || { echo "ab_run: no compiler thresholds found in bin/tracelake" >&2; exit 1; }
# shellcheck disable=SC2086
SPARK_LOCAL_IP=127.0.0.1 /usr/bin/time -f "%U %S %e %M" -o "$work/$label.time" \
  java -Xmx4g $opens $launcher_jvm "$@" \
  -Dlogback.configurationFile="$root/config/logback.xml" \
  -cp "$jar:$(cat "$root/target/runtime.classpath")" io.tracelake.jobs.cli.TracelakeCommand \
  run --config "$work/$label.yaml" --date "${AB_DATE:-$date_dir}" > "$work/$label.out" 2> "$work/$label.err" \
  || { tail -3 "$work/$label.err" >&2; exit 1; }
read -r user sys wall rss < "$work/$label.time"
line="$label cpu=$(echo "$user + $sys" | bc) user=$user sys=$sys wall=$wall rssKB=$rss load=$(cut -d' ' -f1 /proc/loadavg)"
echo "$line" | tee -a "${AB_LOG:-$work/ab.log}"
