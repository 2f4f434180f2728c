#!/usr/bin/env bash
# JMH benchmarks of the parsers: lines per second per core. Not part of the test command.
#   bench/parsers.sh [JMH options, e.g. a benchmark name regex]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mkdir -p target
if ! { mvn -B -Dstyle.color=never -Pbench -DskipTests test-compile \
     && mvn -B -Dstyle.color=never -Pbench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath; } \
     >target/bench-build.log 2>&1; then
  tail -n 40 target/bench-build.log >&2
  exit 1
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main -t 1 "$@"
