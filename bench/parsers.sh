#!/usr/bin/env bash
# JMH benchmarks of the parsers: lines per second per core. Not part of the test command.
#   bench/parsers.sh [JMH options, e.g. a benchmark name regex]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bench/bench-build.sh
exec java -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" org.openjdk.jmh.Main -t 1 "$@"
