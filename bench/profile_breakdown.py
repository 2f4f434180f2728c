#!/usr/bin/env python3
"""Where a nightly run's CPU went, from an async-profiler recording of the whole process (collapsed stacks, one
line per stack and thread: `bench/profile-run.sh` writes it): every thread's samples, so JIT compilation, GC
and the driver count beside the tasks, and native frames (zstd, lz4, the kernel's copies) count where they are
called from. Prints a Markdown table of the run's steps (CPU-s and µs per input line) and the top frames.

    bench/profile_breakdown.py STACKS.collapsed --interval-ms 5 [--lines N] [--top 30]
"""
import argparse
import collections
import re

# A task's samples by the first rule whose pattern the stack (frames joined with ';', root first) matches.
TASK_STEPS = [
    ("split_inputs: counting line feeds", r"/CountLineFeeds\.call"),
    ("parse: parse, redaction, service calls, records", r"/ParseSplit\$1\.(step|handle)"),
    ("parse: shuffle write (serialize, lz4, files)", r"ShuffleWriter\.write"),
    ("write_and_rebuild: shuffle read and sort", r"/SortedByTrace\.(sort|advance)"),
    ("write_and_rebuild: events written", r"/WriteAndRebuild\.call;io/tracelake/jobs/warehouse/TableFileWriter\.write"),
    ("write_and_rebuild: rebuild (records to events, traces)", r"/TraceRebuilder\.rebuild|/EventRecord\.forRebuild"),
    ("write_and_rebuild: spans and traces written", r"/WriteAndRebuild\.write;.*TableFileWriter\.write"),
    ("write_and_rebuild: partial aggregates", r"/DayAggregates\."),
    ("write_and_rebuild: files closed (last pages, footers)", r"/WriteAndRebuild\$Writers\.close"),
    ("write_and_rebuild: other (records read, loop)", r"/WriteAndRebuild\.call"),
    ("tasks: other", r""),
]
# Other threads by name.
THREADS = [
    ("JIT: C2 compiler", r"^\[C2 CompilerThre"),
    ("JIT: C1 compiler", r"^\[C1 CompilerThre"),
    ("GC threads", r"^\[(GC Thread|VM Thread|ParGC|G1 )"),
    ("driver (main thread)", r"^\[main "),
    ("other threads (Spark scheduler, listeners, JVM)", r""),
]
TASK_THREAD = re.compile(r"^\[Executor task launch worker")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("stacks")
    ap.add_argument("--interval-ms", type=float, required=True, help="the profiler's sampling interval")
    ap.add_argument("--lines", type=int, help="the day's input lines (the run report's counts.lines_read)")
    ap.add_argument("--top", type=int, default=30)
    args = ap.parse_args()

    steps = collections.Counter()
    leaves = collections.Counter()
    total = 0
    task_rules = [(label, re.compile(pattern)) for label, pattern in TASK_STEPS]
    thread_rules = [(label, re.compile(pattern)) for label, pattern in THREADS]
    with open(args.stacks) as f:
        for line in f:
            stack, _, count = line.rstrip("\n").rpartition(" ")
            n = int(count)
            total += n
            thread = stack.split(";", 1)[0]
            if TASK_THREAD.match(thread):
                label = next(label for label, rule in task_rules if rule.search(stack))
                leaves[stack.rsplit(";", 1)[-1]] += n
            else:
                label = next(label for label, rule in thread_rules if rule.search(thread))
            steps[label] += n

    seconds = args.interval_ms / 1000
    print(f"{total} samples every {args.interval_ms:g} ms: {total * seconds:.1f} CPU-s"
          + (f" for {args.lines:,} lines, {total * seconds * 1e6 / args.lines:.2f} CPU-µs per line" if args.lines else ""))
    print()
    print("| step | CPU-s | share | CPU-µs per line |")
    print("|---|---:|---:|---:|")
    for label, _ in TASK_STEPS + THREADS:
        n = steps[label]
        per_line = f"{n * seconds * 1e6 / args.lines:.2f}" if args.lines else ""
        print(f"| {label} | {n * seconds:.2f} | {100 * n / total:.1f} % | {per_line} |")
    print()
    tasks = sum(leaves.values())
    print(f"Top frames of the tasks (self time, of {tasks * seconds:.1f} task CPU-s):")
    print()
    print("| frame | CPU-s | share of tasks |")
    print("|---|---:|---:|")
    for frame, n in leaves.most_common(args.top):
        print(f"| `{frame[:110]}` | {n * seconds:.2f} | {100 * n / tasks:.1f} % |")


if __name__ == "__main__":
    main()
