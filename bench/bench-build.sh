#!/usr/bin/env bash
# Builds the bench profile (bench/jmh, bench/spark as test sources) and writes its classpath to
# target/bench.classpath; on failure prints the build log's end and exits 1. Then prints the machine the
# benchmark runs on. Called by bench/parsers.sh and bench/stage-harness.sh from the repository root.
set -euo pipefail
mkdir -p target
if ! { mvn -B -Dstyle.color=never -Pbench -DskipTests test-compile \
     && mvn -B -Dstyle.color=never -Pbench dependency:build-classpath -Dmdep.outputFile=target/bench.classpath; } \
     >target/bench-build.log 2>&1; then
  tail -n 40 target/bench-build.log >&2
  exit 1
fi
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(java -version 2>&1 | head -1)"
