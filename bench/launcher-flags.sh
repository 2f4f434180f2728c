#!/usr/bin/env bash
# Chooses the launcher's JVM settings by measurement, one command: generates a JSON day of 20k lines
# (and one of 1M) once, runs `bin/tracelake run` on it under each JVM setting (today's default, ParallelGC,
# C1 only, both, SerialGC, an AppCDS archive of the classpath, ...) in alternating order, and writes
# bench/results/launcher-flags-<UTC>.{md,json}: user+sys CPU s, wall s and peak RSS of every run.
#
#   bench/launcher-flags.sh                                  20k every setting, 1M default + the 3 cheapest
#   bench/launcher-flags.sh --small 20k --large 0            the small day only
#   bench/launcher-flags.sh --large 1M --large-settings default,parallel,parallel+cds --rounds 3
#
# Every run goes through bin/tracelake with TRACELAKE_JVM_TUNING=off and the setting in TRACELAKE_JAVA_OPTS,
# so the launcher's own choice does not leak into the comparison. Keep the machine otherwise idle if you can;
# the alternating order is there because it rarely is. --help lists the options.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [[ ! -x /usr/bin/time ]]; then
  echo "launcher-flags: installing GNU time for CPU seconds and peak RSS" >&2
  apt-get install -y -q time >/dev/null
fi
exec python3 "$root/bench/launcher_flags.py" --command "bench/launcher-flags.sh $*" "$@"
