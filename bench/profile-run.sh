#!/usr/bin/env bash
# The nightly run on one day under async-profiler, every thread of the process: where its CPU goes by step of
# the run (bench/profile_breakdown.py), with JIT compilation, GC and the driver beside the tasks and native code
# (zstd, lz4, the kernel's copies) where it is called from. JFR sees Java frames only, and its stacks were cut
# short in the tasks; this is the profile the bench/RESULTS.md breakdowns come from. Not part of the test command.
#
#   bench/profile-run.sh DAY_DIR [OUT_PREFIX]
#     DAY_DIR     a day written by `tracelake generate` (its tracelake.yaml); the run's warehouse goes to a temp dir
#     OUT_PREFIX  where the stacks (.collapsed) and the breakdown (.md) go; default target/profile-<day>-<time>
#   PROFILE_INTERVAL_MS  sampling interval, default 5
#
# async-profiler 4.2 (tools.profiler:async-profiler on Maven Central, linux-x64 or linux-arm64) is fetched once
# into target/async-profiler. Uses this checkout's build (bin/tracelake): build it first.
set -euo pipefail
[[ $# -ge 1 ]] || { sed -n '2,14p' "$0" >&2; exit 2; }
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
day="$(cd "$1" && pwd)"
interval="${PROFILE_INTERVAL_MS:-5}"
date_of_day="$(basename "$(ls -d "$day"/logs/*/ | head -1)")"
out="${2:-$root/target/profile-$(basename "$day")-$(date -u +%Y%m%dT%H%M%SZ)}"
cd "$root"

version=4.2
case "$(uname -m)" in
  x86_64) platform=linux-x64 ;;
  aarch64) platform=linux-arm64 ;;
  *) echo "profile-run: async-profiler has no build for $(uname -m)" >&2; exit 2 ;;
esac
agent="target/async-profiler/$platform/libasyncProfiler.so"
if [[ ! -f "$agent" ]]; then
  mkdir -p target/async-profiler
  jar="target/async-profiler/async-profiler-$version-$platform.jar"
  curl -fsS -o "$jar" \
    "https://repo1.maven.org/maven2/tools/profiler/async-profiler/$version/async-profiler-$version-$platform.jar"
  (cd target/async-profiler && unzip -q -o "async-profiler-$version-$platform.jar" "$platform/*")
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# the launcher writes its class-data archive at the end of a run with a stale one, which a JVM with an agent
# cannot do: a small day first, as the nightly run has had its archive since the night before
bin/tracelake generate --out "$work/warm" --date "$date_of_day" --requests 20 >/dev/null
bin/tracelake run --config "$work/warm/tracelake.yaml" --date "$date_of_day" >/dev/null 2>&1

# beside the day's own config: its paths are relative to the file
config="$day/profile-run.yaml"
sed "s|^warehouse: .*|warehouse: $work/warehouse|" "$day/tracelake.yaml" >"$config"
mkdir -p "$(dirname "$out")"
TRACELAKE_JAVA_OPTS="${TRACELAKE_JAVA_OPTS:-} -agentpath:$root/$agent=start,event=cpu,interval=${interval}ms,threads,cstack=vm,file=$out.collapsed,collapsed" \
  /usr/bin/time -f "%U %S %M" -o "$work/time" \
  bin/tracelake run --config "$config" --date "$date_of_day" --report "$work/report.json" >/dev/null 2>"$work/log" \
  || { echo "profile-run: the run failed:" >&2; tail -5 "$work/log" >&2; exit 1; }
lines="$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["counts"]["lines_read"])' "$work/report.json")"
read -r user sys rss <"$work/time"
{
  echo "# Profile of the nightly run: $(basename "$day"), $lines lines"
  echo
  echo "\`bench/profile-run.sh $1\` on $(git rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores" \
    "($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')); async-profiler $version, cpu" \
    "samples every $interval ms. The run: $user user + $sys system CPU-s (/usr/bin/time), peak RSS $((rss / 1024)) MB."
  echo
  python3 bench/profile_breakdown.py "$out.collapsed" --interval-ms "$interval" --lines "$lines"
} >"$out.md"
cat "$out.md"
