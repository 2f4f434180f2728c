#!/usr/bin/env python3
"""Drives the test bed's gateway with a bounded, seeded mix of requests on 127.0.0.1 (standard library only).

The driver is not instrumented: each request starts a new trace at the gateway, whose server span is the root.
"""
import argparse
import http.client
import json
import random
import sys
import time
from concurrent.futures import ThreadPoolExecutor

KINDS = ("orders", "catalog", "reports", "health")


def parse_mix(text):
    weights = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        if name not in KINDS:
            sys.exit(f"driver.py: --mix: unknown request kind '{name}' (known: {', '.join(KINDS)})")
        weights[name] = float(weight)
    return weights


def plan(requests, seed, weights):
    """The whole request list, decided up front from the seed: (kind, method, path)."""
    rng = random.Random(seed)
    kinds = list(weights)
    items = [f"sku-{rng.randrange(1, 400)}" for _ in range(requests)]
    chosen = rng.choices(kinds, weights=[weights[k] for k in kinds], k=requests)
    paths = {"orders": ("GET", "/api/orders/{}"), "catalog": ("GET", "/api/catalog/{}"),
             "reports": ("POST", "/api/reports/{}"), "health": ("GET", "/api/health")}
    return [(kind, paths[kind][0], paths[kind][1].format(item)) for kind, item in zip(chosen, items)]


def send(port, method, path):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=b"{}" if method == "POST" else None,
                           headers={"Content-Type": "application/json"})
        response = connection.getresponse()
        response.read()
        return response.status
    except OSError as e:
        return f"error: {e.__class__.__name__}"
    finally:
        connection.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, required=True, help="the gateway's port on 127.0.0.1")
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--mix", default="orders=60,catalog=15,reports=15,health=10")
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--max-seconds", type=float, default=300, help="stop sending after this long")
    parser.add_argument("--summary", help="write what was sent and answered here (JSON)")
    args = parser.parse_args()
    if not 0 < args.requests <= 20000:
        sys.exit("driver.py: --requests must be 1..20000")
    requests = plan(args.requests, args.seed, parse_mix(args.mix))
    deadline = time.monotonic() + args.max_seconds
    statuses = {}

    def one(request):
        kind, method, path = request
        if time.monotonic() > deadline:
            return kind, "skipped: time limit"
        return kind, send(args.port, method, path)

    started = time.time()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        for kind, status in pool.map(one, requests):
            key = f"{kind} {status}"
            statuses[key] = statuses.get(key, 0) + 1
    summary = {"requests": args.requests, "seed": args.seed, "mix": args.mix, "concurrency": args.concurrency,
               "seconds": round(time.time() - started, 1), "answers": dict(sorted(statuses.items()))}
    print(json.dumps(summary, indent=2))
    if args.summary:
        with open(args.summary, "w") as out:
            json.dump(summary, out, indent=2)


if __name__ == "__main__":
    main()
