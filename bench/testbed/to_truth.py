#!/usr/bin/env python3
"""Turns the agents' exported spans of a test-bed recording into tracelake's ground truth.

Input: the Java agent's `logging-otlp` output (one OTLP/JSON ResourceSpans per line, after the agent's log
prefix, in RAW/*.agent.out) and the Node SDK's JSON-lines spans (RAW/*.spans.jsonl); the recorded logs.
Output: TRUTH/spans.jsonl in the format `tracelake accuracy --truth` reads (the fields TruthWriter writes:
trace_id, span_id, parent_span_id, service, instance, name, kind, start_us, end_us, error, clock_skew_us,
peer_service, logged, day) and TRUTH/summary.json (options, versions, counts, lines and entries per file).

`logged` says what the span's service wrote of it: `app` when a line of its application log carries the
span's id, `access` when a line of an access log does (ledger logs only pino-http's access log), else `none`.
All services ran on one host, so `clock_skew_us` is 0; `day` is the UTC day the trace's root started.
"""
import argparse
import datetime
import glob
import gzip
import json
import os
import re
import sys

JAVA_PREFIX = "OtlpJsonLoggingSpanExporter - "
OTLP_KINDS = {0: "INTERNAL", 1: "INTERNAL", 2: "SERVER", 3: "CLIENT", 4: "PRODUCER", 5: "CONSUMER"}  # OTLP enum
NODE_KINDS = {0: "INTERNAL", 1: "SERVER", 2: "CLIENT", 3: "PRODUCER", 4: "CONSUMER"}  # @opentelemetry/api SpanKind
ERROR = 2  # status code ERROR in both OTLP and @opentelemetry/api
ACCESS_LOG_SERVICES = {"ledger"}
PATTERN_IDS = re.compile(r"\[([0-9a-f]{32}),([0-9a-f]{16})\]")
PATTERN_ENTRY = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} ")


def attribute(attributes, key):
    for item in attributes:
        if item["key"] == key:
            return next(iter(item["value"].values()))
    return None


def java_spans(raw):
    for path in sorted(glob.glob(os.path.join(raw, "*.agent.*"))):
        with open(path) as lines:
            for line in lines:
                at = line.find(JAVA_PREFIX)
                if at < 0:
                    continue
                resource_spans = json.loads(line[at + len(JAVA_PREFIX):])
                resource = resource_spans["resource"]["attributes"]
                service = attribute(resource, "service.name")
                instance = attribute(resource, "service.instance.id")
                for scope in resource_spans["scopeSpans"]:
                    for span in scope["spans"]:
                        yield {
                            "trace_id": span["traceId"], "span_id": span["spanId"],
                            "parent_span_id": span.get("parentSpanId") or None,
                            "service": service, "instance": instance, "name": span["name"],
                            "kind": OTLP_KINDS[span.get("kind", 0)],
                            "start_us": int(span["startTimeUnixNano"]) // 1000,
                            "end_us": int(span["endTimeUnixNano"]) // 1000,
                            "error": span.get("status", {}).get("code") == ERROR,
                        }


def node_spans(raw):
    for path in sorted(glob.glob(os.path.join(raw, "*.spans.jsonl"))):
        with open(path) as lines:
            for line in lines:
                span = json.loads(line)
                yield {
                    "trace_id": span["traceId"], "span_id": span["spanId"],
                    "parent_span_id": span.get("parentSpanId") or None,
                    "service": span["service"], "instance": span["instance"], "name": span["name"],
                    "kind": NODE_KINDS[span["kind"]],
                    "start_us": int(span["startTimeUnixNano"]) // 1000,
                    "end_us": int(span["endTimeUnixNano"]) // 1000,
                    "error": (span.get("status") or {}).get("code") == ERROR,
                }


def logged_span_ids(logs):
    """Span ids per service that a log line carries; lines and entries per file."""
    ids = {}
    files = {}
    for path in sorted(glob.glob(os.path.join(logs, "*", "*", "*.log")) + glob.glob(os.path.join(logs, "*", "*", "*.log.gz"))):
        service = os.path.basename(os.path.dirname(path))
        seen = ids.setdefault(service, set())
        lines = entries = 0
        with (gzip.open if path.endswith(".gz") else open)(path, "rt", encoding="utf-8") as text:
            for line in text:
                lines += 1
                if line.startswith("{"):
                    entries += 1
                    span_id = json.loads(line).get("span_id")
                    if span_id:
                        seen.add(span_id)
                else:
                    entries += 1 if PATTERN_ENTRY.match(line) else 0
                    match = PATTERN_IDS.search(line)
                    if match:
                        seen.add(match.group(2))
        files[os.path.relpath(path, logs).removesuffix(".gz") + ".gz"] = {"lines": lines, "entries": entries}
    return ids, files


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--raw", required=True)
    parser.add_argument("--logs", required=True)
    parser.add_argument("--truth", required=True)
    parser.add_argument("--day", required=True)
    parser.add_argument("--seed", type=int, required=True)
    parser.add_argument("--requests", type=int, required=True)
    parser.add_argument("--mix", required=True)
    parser.add_argument("--concurrency", type=int, required=True)
    parser.add_argument("--pricing-failure-rate", type=float, required=True)
    parser.add_argument("--ledger-failure-rate", type=float, required=True)
    args = parser.parse_args()

    spans = list(java_spans(args.raw)) + list(node_spans(args.raw))
    if not spans:
        sys.exit(f"to_truth.py: no spans under {args.raw}: did the agents export (see *.agent.err, *.node.out)?")
    by_id = {span["span_id"]: span for span in spans}
    roots = {}
    for span in spans:
        if span["parent_span_id"] is None:
            roots[span["trace_id"]] = span
    # a client span's peer: the service whose server span is its child
    peer = {}
    for span in spans:
        parent = by_id.get(span["parent_span_id"])
        if parent is not None and parent["kind"] == "CLIENT" and span["kind"] == "SERVER":
            peer[parent["span_id"]] = span["service"]
    ids, files = logged_span_ids(args.logs)

    os.makedirs(args.truth, exist_ok=True)
    spans.sort(key=lambda s: (s["trace_id"], s["start_us"], s["span_id"]))
    days = {}
    orphans = 0
    with open(os.path.join(args.truth, "spans.jsonl"), "w") as out:
        for span in spans:
            root = roots.get(span["trace_id"])
            if root is None:
                orphans += 1
            start = (root or span)["start_us"]
            day = datetime.datetime.fromtimestamp(start / 1e6, datetime.timezone.utc).date().isoformat()
            days[day] = days.get(day, 0) + 1
            in_log = span["span_id"] in ids.get(span["service"], ())
            logged = ("access" if span["service"] in ACCESS_LOG_SERVICES else "app") if in_log else "none"
            record = dict(span, clock_skew_us=0, peer_service=peer.get(span["span_id"]), logged=logged, day=day)
            out.write(json.dumps({key: record[key] for key in (
                "trace_id", "span_id", "parent_span_id", "service", "instance", "name", "kind", "start_us",
                "end_us", "error", "clock_skew_us", "peer_service", "logged", "day")}) + "\n")

    kinds = {}
    logged = {}
    for span in spans:
        kinds[span["kind"]] = kinds.get(span["kind"], 0) + 1
    with open(os.path.join(args.truth, "spans.jsonl")) as written:
        for line in written:
            value = json.loads(line)["logged"]
            logged[value] = logged.get(value, 0) + 1
    driver = os.path.join(args.raw, "driver.json")
    versions_file = os.path.join(args.raw, "versions.txt")
    versions = open(versions_file).read().splitlines() if os.path.exists(versions_file) else []
    summary = {
        "source": "tracelake test bed (bench/testbed): real services, agents and loggers",
        "day": args.day,
        "options": {"ids": "span", "requests": args.requests, "seed": args.seed, "mix": args.mix,
                    "concurrency": args.concurrency, "pricing_failure_rate": args.pricing_failure_rate,
                    "ledger_failure_rate": args.ledger_failure_rate},
        "driver": json.load(open(driver)) if os.path.exists(driver) else None,
        "spans": len(spans), "traces": len({s["trace_id"] for s in spans}),
        "spans_by_kind": dict(sorted(kinds.items())), "spans_by_logged": dict(sorted(logged.items())),
        "spans_by_day": days, "spans_without_root": orphans,
        "log_lines": sum(f["lines"] for f in files.values()),
        "log_entries": sum(f["entries"] for f in files.values()),
        "files": files,
        "versions": versions,
    }
    with open(os.path.join(args.truth, "summary.json"), "w") as out:
        json.dump(summary, out, indent=2)
        out.write("\n")
    print(json.dumps({k: summary[k] for k in ("spans", "traces", "spans_by_kind", "spans_by_logged",
                                               "spans_without_root", "log_lines", "log_entries")}))


if __name__ == "__main__":
    main()
