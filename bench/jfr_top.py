#!/usr/bin/env python3
"""Where a JFR recording's CPU samples went: jdk.ExecutionSample events summarised by their top frames
(self time), by what the stack passes through (inclusive time, one line per component), and, when a
tracelake run report is given, by the run's stages.

    bench/jfr_top.py RECORDING.jfr [--report report.json] [--top 25] [--json OUT.json]

Reads `jfr print --stack-depth 96 --events jdk.ExecutionSample` (text: JSON is ~50x bigger) and
`jdk.GarbageCollection` for the time the collector paused the application.
"""
import argparse
import collections
import datetime
import json
import re
import subprocess
import sys

# What a sample is spent on, by the first (leaf-most) frame that matches: the order is the priority, so
# that zstd inside a Parquet write counts as zstd, and a Parquet write inside the parse task as Parquet.
COMPONENTS = [
    ("zstd (de)compression", r"^com\.github\.luben\.zstd\.|^org\.apache\.parquet\.hadoop\.codec\.Zstd"),
    ("Parquet write (encoding, dictionaries)", r"^org\.apache\.parquet\.(column|hadoop|io|bytes)\..*(Writer|Write|write|Encoder|Dictionary|ByteBuilder|Capacity)"),
    # Binary values are copied, hashed and compared by the writer's dictionaries and statistics as much as by readers
    ("Parquet Binary values (copies, hashes, compares)", r"^org\.apache\.parquet\.io\.api\.Binary"),
    ("Parquet read", r"^org\.apache\.parquet\.|VectorizedParquetRecordReader|VectorizedColumnReader|ParquetReadSupport"),
    ("Spark Parquet writer glue (row to Parquet)", r"ParquetWriteSupport|ParquetOutputWriter|FileFormatDataWriter"),
    ("tracelake parsers", r"^io\.tracelake\.parsers\."),
    ("Jackson", r"^com\.fasterxml\.jackson\."),
    ("Row to UnsafeRow conversion (createDataFrame)", r"CatalystTypeConverters|ExpressionEncoder|RowEncoder|SpecificUnsafeProjection|UnsafeProjection|GenerateUnsafeProjection|GeneratedClass\$SpecificUnsafeProjection|UnsafeRowWriter|UnsafeWriter|UnsafeArrayWriter|UnsafeMapData"),
    ("tracelake events to shuffle records (EventRecords, ParseSplit)", r"^io\.tracelake\.jobs\.run\.(EventRecords|ParseSplit)"),
    ("trace rebuild (WriteAndRebuild, model.trace)", r"^io\.tracelake\.jobs\.run\.WriteAndRebuild|^io\.tracelake\.model\.trace"),
    ("our page writer (ColumnPageWriter: dictionaries, levels, statistics)", r"^io\.tracelake\.jobs\.warehouse\.(ColumnPageWriter|HybridEncoding|GrowingBytes)"),
    ("table codecs and parquet-java writes", r"^io\.tracelake\.jobs\.warehouse\."),
    ("aggregates", r"^io\.tracelake\.jobs\.aggregate\.|ddsketch"),
    ("shuffle and sort", r"^org\.apache\.spark\.shuffle\.|UnsafeExternalSorter|UnsafeInMemorySorter|ExternalSorter|ShuffleExternalSorter|BypassMergeSort|^org\.apache\.spark\.util\.collection\.|UnsafeSorterSpill|TimSort|RadixSort"),
    ("serialization (Java/Kryo)", r"^com\.esotericsoftware\.kryo|ObjectOutputStream|ObjectInputStream|JavaSerializer|KryoSerializer"),
    ("lz4 (shuffle compression)", r"lz4"),
    ("reading input bytes", r"FileInputStream|BufferedInputStream|RawLocalFileSystem|ChecksumFileSystem|GZIPInputStream|Inflater"),
    ("Spark codegen / planning / compile", r"janino|codehaus|^org\.apache\.spark\.sql\.catalyst\.(analysis|optimizer|planning|plans|rules|trees)|QueryExecution|CodeGenerator"),
    ("Spark start-up, class loading, JIT-free JVM", r"^java\.lang\.ClassLoader|^jdk\.internal\.loader|^java\.util\.jar|^java\.lang\.invoke|^java\.util\.zip\.ZipFile"),
    ("Spark whole-stage generated code", r"GeneratedClass|GeneratedIterator|BufferedRowIterator|WholeStageCodegen"),
]
COMPILED = [(name, re.compile(pattern)) for name, pattern in COMPONENTS]

# Inclusive: a sample counts for every marker its stack passes through (so shares add up to more than 100%).
INCLUSIVE = [
    ("Parquet write (all of it)", ("ParquetWriteSupport", "InternalParquetRecordWriter")),
    ("  of which dictionary encoding", ("DictionaryValuesWriter",)),
    ("  of which min/max statistics", ("Statistics",)),
    ("  of which zstd", ("zstd", "Zstd")),
    ("Parquet read", ("VectorizedParquetRecordReader", "VectorizedColumnReader", "ParquetDictionary")),
    ("ParseSplit (reading + parsing + records + direct files)", ("ParseSplit",)),
    ("  of which tracelake parsers", ("io.tracelake.parsers",)),
    ("Row to UnsafeRow (createDataFrame's encoder)", ("ExpressionEncoder",)),
    ("typed Dataset: UnsafeRow to Row (createExternalRow)", ("SpecificSafeProjection", "createExternalRow")),
    ("typed Dataset: Row to UnsafeRow (serializefromobject)", ("serializefromobject",)),
    ("WriteAndRebuild (events, rebuild, spans, traces, partials)", ("WriteAndRebuild",)),
    ("  of which the rebuild (model.trace)", ("io.tracelake.model.trace",)),
    ("  of which parquet-java writes", ("InternalParquetRecordWriter", "TableWriteSupport")),
    ("  of which our page writer (with its codec's accessors)", ("ColumnPageWriter",)),
    ("persist (building the cached blocks)", ("CachedRDDBuilder", "MemoryStore")),
    ("shuffle write", ("ShuffleWriter", "ShuffleExternalSorter")),
    ("shuffle read", ("ShuffleBlockFetcher", "BlockStoreShuffleReader")),
    ("sort", ("UnsafeExternalSorter", "UnsafeInMemorySorter", "SortExec")),
    ("aggregates", ("io.tracelake.jobs.aggregate", "ddsketch")),
]


def inclusive_of(frames):
    joined = " ".join(frames)
    return [name for name, markers in INCLUSIVE if any(m in joined for m in markers)]


def read_samples(recording, depth):
    text = subprocess.run(["jfr", "print", "--stack-depth", str(depth), "--events", "jdk.ExecutionSample", recording],
                          check=True, capture_output=True, text=True).stdout
    samples = []
    for block in text.split("jdk.ExecutionSample {")[1:]:
        start = re.search(r"startTime = (\S+)", block)
        thread = re.search(r'sampledThread = "([^"]*)"', block)
        frames = re.findall(r"^\s{4}(\S[^\n]*?)(?: line: \d+)?$", block.split("stackTrace = [", 1)[-1], re.M)
        frames = [f.strip() for f in frames if f.strip() not in ("...", "]", "}")]
        samples.append((start.group(1) if start else "", thread.group(1) if thread else "?", frames))
    return samples


def gc_pause_seconds(recording):
    text = subprocess.run(["jfr", "print", "--events", "jdk.GarbageCollection", recording],
                          check=True, capture_output=True, text=True).stdout
    total = 0.0
    for value, unit in re.findall(r"sumOfPauses = ([\d.]+) (ms|s|us)", text):
        total += float(value) * {"s": 1, "ms": 1e-3, "us": 1e-6}[unit]
    return total


def method_of(frame):
    return frame.split("(", 1)[0]


def component_of(frames):
    for frame in frames:
        for name, pattern in COMPILED:
            if pattern.search(frame):
                return name
    return "other"


def stage_windows(report):
    """Stage name -> (start, end) as seconds of the day, from the report's start and its stages in order."""
    r = json.load(open(report))
    t = datetime.datetime.fromisoformat(r["started_at"].replace("Z", "+00:00"))
    clock = t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6
    windows = []
    for stage in r["stages"]:
        windows.append((stage["stage"], clock, clock + stage["seconds"]))
        clock += stage["seconds"]
    return windows


def seconds_of_day(stamp):
    m = re.match(r"(\d+):(\d+):([\d.]+)", stamp)
    return int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)) if m else None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("recording")
    ap.add_argument("--report", help="the run report, to split samples by stage")
    ap.add_argument("--top", type=int, default=25)
    ap.add_argument("--depth", type=int, default=96)
    ap.add_argument("--json", help="also write the summary here")
    args = ap.parse_args()

    samples = read_samples(args.recording, args.depth)
    if not samples:
        sys.exit(f"{args.recording}: no jdk.ExecutionSample events")
    n = len(samples)
    self_counts = collections.Counter(method_of(f[0]) for _, _, f in samples if f)
    components = collections.Counter(component_of(f) for _, _, f in samples)
    threads = collections.Counter(re.sub(r"\d+", "N", t) for _, t, _ in samples)
    inclusive = collections.Counter(name for _, _, f in samples for name in inclusive_of(f))
    by_stage = collections.defaultdict(collections.Counter)
    inclusive_by_stage = collections.defaultdict(collections.Counter)
    if args.report:
        windows = stage_windows(args.report)
        for stamp, _, frames in samples:
            s = seconds_of_day(stamp)
            stage = next((name for name, a, b in windows if s is not None and a <= s < b),
                         "outside the run's stages (start-up, aggregates, shutdown)")
            by_stage[stage][component_of(frames)] += 1
            inclusive_by_stage[stage]["samples"] += 1
            for name in inclusive_of(frames):
                inclusive_by_stage[stage][name] += 1

    def pct(k):
        return f"{100.0 * k / n:5.1f}%"

    out = {"samples": n, "gc_pause_s": round(gc_pause_seconds(args.recording), 2),
           "components": components.most_common(), "inclusive": inclusive.most_common(), "self_top": self_count_list(self_counts, args.top),
           "threads": threads.most_common(10),
           "by_stage": {k: v.most_common(6) for k, v in by_stage.items()}}
    print(f"{n} CPU samples (jdk.ExecutionSample); GC pauses {out['gc_pause_s']} s\n")
    print("| component (leaf-most matching frame) | samples | share |\n|---|---:|---:|")
    for name, k in components.most_common():
        print(f"| {name} | {k} | {pct(k)} |")
    print("\n| stack passes through (inclusive) | samples | share |\n|---|---:|---:|")
    for name, _ in INCLUSIVE:
        if inclusive[name]:
            print(f"| {name} | {inclusive[name]} | {pct(inclusive[name])} |")
    print(f"\n| top frame (self) | samples | share |\n|---|---:|---:|")
    for name, k in self_counts.most_common(args.top):
        print(f"| `{name}` | {k} | {pct(k)} |")
    print("\n| thread | samples |\n|---|---:|")
    for name, k in threads.most_common(6):
        print(f"| {name} | {k} |")
    if by_stage:
        print("\n| stage | samples | top components |\n|---|---:|---|")
        for stage, counter in sorted(by_stage.items(), key=lambda kv: -sum(kv[1].values())):
            total = sum(counter.values())
            tops = ", ".join(f"{c} {100.0 * k / total:.0f}%" for c, k in counter.most_common(4))
            print(f"| {stage} | {total} | {tops} |")
        print("\nInclusive, per stage (share of the stage's samples):\n")
        for stage, counter in sorted(inclusive_by_stage.items(), key=lambda kv: -kv[1]["samples"]):
            total = counter["samples"]
            parts = ", ".join(f"{name.strip()} {100.0 * counter[name] / total:.0f}%" for name, _ in INCLUSIVE
                              if counter[name] * 50 >= total)
            print(f"- **{stage}** ({total} samples): {parts}")
    if args.json:
        json.dump(out, open(args.json, "w"), indent=1)


def self_count_list(counter, top):
    return counter.most_common(top)


if __name__ == "__main__":
    main()
