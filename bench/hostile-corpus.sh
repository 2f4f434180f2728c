#!/usr/bin/env bash
# The no-loss invariant on a large hostile corpus: HostileCorpusTest with 10,000 files (the test command runs
# 1,000): binary garbage, NUL bytes, invalid UTF-8, odd line ends, lines around max_line_bytes, deep JSON, huge
# numbers and out-of-range times, multi-member, damaged and truncated gzip/bzip2/zstd, odd file names, a
# 100k-line stack trace, a file growing and one renamed during the run. The run must complete and every line
# read must be in the written tables (events' line_count + rejects' line_count, read back from Parquet).
#
#   bench/hostile-corpus.sh            10,000 files
#   bench/hostile-corpus.sh 20000      another count
#
# Prints the test's figures line (files, lines read, lines in the tables, rejects by reason, read errors, seconds)
# and appends it to bench/results/hostile-corpus.log with the date and the commit.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
files="${1:-10000}"
cd "$root"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
if ! mvn -o -q test -Dtest=HostileCorpusTest#everyLineOfAThousandHostileFilesIsAnEventOrARejectInTheWrittenTables \
    -Dsurefire.failIfNoSpecifiedTests=false -Dtracelake.hostile.files="$files" >"$log" 2>&1; then
  grep -v '^\s*at ' "$log" | grep -E 'hostile corpus|FAIL|ERROR\]|expected|Expecting' | head -20 >&2
  echo "hostile-corpus: the run failed; the whole output is in $log" >&2
  trap - EXIT
  exit 1
fi
figures="$(grep '^hostile corpus:' "$log")"
echo "$figures"
mkdir -p bench/results
echo "$(date -u +%FT%TZ) $(git rev-parse --short HEAD) files=$files wall=$(( $(date +%s) - start ))s $figures" \
  >>bench/results/hostile-corpus.log
