#!/usr/bin/env bash
# Records one day of the test bed: builds the Java services (Maven) and installs the Node ones (npm), starts
# them on 127.0.0.1 with the OpenTelemetry Java agent and Node SDK, drives a bounded, seeded mix of requests
# through the gateway, stops every service by PID (also on failure), then turns the agents' spans into
# tracelake's truth format and writes a tracelake config for the logs.
#
#   bench/testbed/record.sh NAME [REQUESTS] [SEED] [MIX]
#     NAME      the recording's name; the result lands in bench/testbed/out/NAME/
#     REQUESTS  requests sent to the gateway (default 2000)
#     SEED      the driver's seed (default 1)
#     MIX       request kinds and weights (default orders=60,catalog=15,reports=15,health=10)
#   FIXTURE=1   also copy the result to src/test/resources/testbed/NAME/ (logs gzipped)
#   CONCURRENCY requests in flight at once (default 4)
#   PRICING_FAILURE_RATE, LEDGER_FAILURE_RATE  share of failing calls (defaults 0.12 and 0.05)
#
# The day is the UTC day the recording starts on; a recording that would cross midnight is refused.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
name="${1:?usage: record.sh NAME [REQUESTS] [SEED] [MIX]}"
requests="${2:-2000}"
seed="${3:-1}"
mix="${4:-orders=60,catalog=15,reports=15,health=10}"
out="$here/out/$name"
day="$(date -u +%F)"
if [ "$(date -u +%H%M)" -ge 2350 ]; then
  echo "record.sh: too close to UTC midnight: the recording would span two days; start after 00:00" >&2
  exit 2
fi

# ports on 127.0.0.1
declare -A PORT=([gateway]=18081 [pricing]=18082 [billing]=18083 [inventory1]=18084 [ledger]=18085 [inventory2]=18086)
for service in "${!PORT[@]}"; do
  if (echo > "/dev/tcp/127.0.0.1/${PORT[$service]}") 2>/dev/null; then
    echo "record.sh: port ${PORT[$service]} ($service) is in use on 127.0.0.1; stop what listens there" >&2
    exit 2
  fi
done

echo "== build" >&2
(cd "$here/java" && mvn -q -B package)
(cd "$here/node" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)

rm -rf "$out"
raw="$out/raw"
logs="$out/logs/$day"
mkdir -p "$raw" "$logs"/{gateway,pricing,billing,inventory,ledger}

pids=()
stop_all() {
  # SIGTERM lets the agents flush their last spans; whatever is still up after 20 s is killed
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 40); do
    alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.5
  done
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  pids=()
}
trap stop_all EXIT

agent="$here/java/target/agent/opentelemetry-javaagent.jar"
classpath="$here/java/target/classes:$(cat "$here/java/target/runtime.classpath")"
ports_flags=()
for service in "${!PORT[@]}"; do ports_flags+=("-Dport.$service=${PORT[$service]}"); done

start_java() { # service instance main-class
  local service="$1" instance="$2" main="$3"
  TZ=UTC java -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Duser.timezone=UTC \
    -javaagent:"$agent" \
    -Dotel.service.name="$service" -Dotel.resource.attributes=service.instance.id="$instance" \
    -Dotel.traces.exporter=logging-otlp -Dotel.metrics.exporter=none -Dotel.logs.exporter=none \
    -Dotel.bsp.schedule.delay=2000 -Dpricing.failure.rate="${PRICING_FAILURE_RATE:-0.12}" \
    "${ports_flags[@]}" -Dartemis.dir="$raw/artemis-$instance" -Dinstance="$instance" -Dlog.file="$logs/$service/$instance.log" \
    -Dlogback.configurationFile="$here/java/src/main/resources/logback-$service.xml" \
    -cp "$classpath" "io.tracelake.testbed.$main" >"$raw/$instance.agent.out" 2>"$raw/$instance.agent.err" &
  pids+=("$!")
}

start_node() { # service instance port script
  local service="$1" instance="$2" port="$3" script="$4" ledger_port="${PORT[ledger]}"
  (cd "$here/node" && TZ=UTC PORT="$port" PORT_LEDGER="$ledger_port" TESTBED_INSTANCE="$instance" \
    TESTBED_LOG="$logs/$service/$instance.log" TESTBED_SPANS="$raw/$instance.spans.jsonl" \
    OTEL_SERVICE_NAME="$service" OTEL_RESOURCE_ATTRIBUTES="service.instance.id=$instance" \
    LEDGER_FAILURE_RATE="${LEDGER_FAILURE_RATE:-0.05}" OTEL_TRACES_EXPORTER=none OTEL_METRICS_EXPORTER=none OTEL_LOGS_EXPORTER=none \
    exec node --require ./tracing.js "$script" >"$raw/$instance.node.out" 2>&1) &
  pids+=("$!")
}

# what ran, for the summary: the bed's commit, runtimes, the agent and every library jar and npm package
{
  echo "bed_commit $(git -C "$here" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$here" diff --quiet HEAD -- . 2>/dev/null || echo +changes)"
  echo "java $(java -version 2>&1 | head -1)"
  echo "node $(node --version)"
  echo "opentelemetry-javaagent $(unzip -p "$agent" META-INF/MANIFEST.MF | sed -n 's/^Implementation-Version: //p' | tr -d '\r')"
  tr ':' '\n' < "$here/java/target/runtime.classpath" | sed -E 's#.*/([^/]+)\.jar$#\1#'; echo
  (cd "$here/node" && node -e 'const fs = require("fs"); for (const p of Object.keys(require("./package.json").dependencies)) console.log(p, JSON.parse(fs.readFileSync("node_modules/" + p + "/package.json")).version)')
} > "$raw/versions.txt"

echo "== start (day $day)" >&2
start_node ledger ledger-1 "${PORT[ledger]}" ledger.js
start_node inventory inventory-1 "${PORT[inventory1]}" inventory.js
start_node inventory inventory-2 "${PORT[inventory2]}" inventory.js
start_java pricing pricing-1 Pricing
start_java billing billing-1 Billing
start_java gateway gateway-1 Gateway

for service in "${!PORT[@]}"; do
  for attempt in $(seq 1 120); do
    (echo > "/dev/tcp/127.0.0.1/${PORT[$service]}") 2>/dev/null && break
    if [ "$attempt" = 120 ]; then echo "record.sh: $service did not listen within 60 s; see $raw" >&2; exit 1; fi
    sleep 0.5
  done
done

echo "== drive: $requests requests, seed $seed, mix $mix" >&2
python3 "$here/driver.py" --port "${PORT[gateway]}" --requests "$requests" --seed "$seed" --mix "$mix" \
  --concurrency "${CONCURRENCY:-4}" --summary "$raw/driver.json" >&2
sleep 3   # billing's workers pick up the last jobs up to 0.4 s after their 202
echo "== stop" >&2
stop_all

echo "== truth and config" >&2
python3 "$here/to_truth.py" --raw "$raw" --logs "$out/logs" --day "$day" --truth "$out/truth" \
  --seed "$seed" --requests "$requests" --mix "$mix" --concurrency "${CONCURRENCY:-4}" \
  --pricing-failure-rate "${PRICING_FAILURE_RATE:-0.12}" --ledger-failure-rate "${LEDGER_FAILURE_RATE:-0.05}"
gzip -9 -n "$logs"/*/*.log
cp "$here/tracelake.yaml" "$out/tracelake.yaml"

if [ "${FIXTURE:-0}" = 1 ]; then
  fixture="$root/src/test/resources/testbed/$name"
  rm -rf "$fixture"
  mkdir -p "$fixture"
  cp -r "$out/logs" "$out/truth" "$out/tracelake.yaml" "$fixture/"
  echo "fixture: $fixture ($(du -sh "$fixture" | cut -f1))" >&2
fi
echo "recorded: $out" >&2
