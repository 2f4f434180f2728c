#!/usr/bin/env bash
# The nightly run's per-line work without Spark, one step at a time, on one thread and in steady state: CPU-ns per
# line (parse side) or per event (reduce side) for each round, under the launcher's GC and compiler flags. The job
# costs about twice what these steps add up to; the rest is Spark's shuffle and sort, code not yet compiled,
# compilation, GC and the driver (bench/RESULTS.md, "2026-12-06, late evening"). Not part of the test command.
#
#   bench/stage-harness.sh parse CONFIG FILE ROUNDS parse|redact|encode|all
#       the first source of a day's CONFIG on one of its FILEs (read into memory first)
#   bench/stage-harness.sh reduce EVENTS_PARQUET ROUNDS read|rebuild|spans|spans-written|aggregates|events-written [MAX]
#       the shuffle records of an events file a run wrote (MAX events, 500,000 by default)
#
# Extra JVM options in STAGE_JAVA_OPTS (e.g. -XX:StartFlightRecording=filename=x.jfr,settings=profile).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bench/bench-build.sh
# the launcher's JIT and GC flags, read from bin/tracelake where they are defined (as bench/scaling.py does)
mapfile -t launcher < <(tr '\n' ' ' <bin/tracelake | grep -o 'tuning+=(-XX:[^)$"]*)' | sed 's/^tuning+=(//; s/)$//' \
  | tr ' ' '\n' | grep -v '^$')
# shellcheck disable=SC2086
exec java -Xmx3g "${launcher[@]}" ${STAGE_JAVA_OPTS:-} -Dlogback.configurationFile="$root/config/logback.xml" \
  -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.tracelake.jobs.run.StageHarness "$@"
