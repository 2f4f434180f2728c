#!/usr/bin/env python3
"""The scaling benchmark's driver; run it through bench/scaling.sh, which builds what it needs first.

For every dataset kind and size: generate the day (reused when present), then, on the same files,
  floor      the read floor: bench ReadFloor (tracelake's own file opening, line feeds counted, 1 thread/core)
  tracelake  `bin/tracelake run` (the launcher's JVM settings, local[*], TRACELAKE_HEAP=$BENCH_HEAP) under
             /usr/bin/time -v, with Spark's event log on for the spill metrics
  naive      bench NaiveSpark on the same classpath, heap and local[*]   (json and pattern kinds only)
  duckdb     bench/duckdb_equivalent.py, narrow events; DuckDB's threads = cores, memory_limit = the heap
  duckdb-layout  the same writing tracelake's events layout (--layout events; memory_limit --layout-memory,
                 14GB: under the heap it runs out of memory at 5M lines)   (json and pattern only)
and writes a Markdown table and a JSON file of the figures, with the verdict on each target of issue 17.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DAY = "2026-11-20"
SERVICES = ["gateway", "auth", "catalog", "cart", "checkout", "inventory", "payments", "orders",
            "recommendations", "notifications", "shipping"]
# log lines per simulated request, measured on 17,000-request days; used to pick --requests for a size
LINES_PER_REQUEST = {"json": 59.0, "pattern": 61.5, "mixed": 62.0}
# kind -> generator options; "/request" generates request ids only (no trace or span ids)
KINDS = {
    "json": ["--seed", "1"],
    "pattern": ["--seed", "1"] + [a for s in SERVICES for a in ("--format", f"{s}=pattern")],
    "mixed": ["--seed", "1", "--formats", "mixed"],
}
BASELINE_KINDS = ("json", "pattern")  # the kinds the DuckDB and naive Spark jobs know how to read
# first-guess rates (lines/s, under load on 2 cores) for the ETA; replaced by what this run measures
RATES = {"generate": 170_000, "floor": 700_000, "tracelake": 40_000, "naive": 30_000, "duckdb": 150_000,
         "duckdb-layout": 80_000}
TOOLS = ("floor", "tracelake", "naive", "duckdb", "duckdb-layout")
BASELINE_TOOLS = ("naive", "duckdb", "duckdb-layout")  # json and pattern kinds only


def log(msg):
    print(msg, flush=True)


def parse_size(text):
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmM]?)", text)
    if not m:
        sys.exit(f"bench: size '{text}' is not a number of lines like 1M, 500k or 2000000")
    return int(float(m.group(1)) * {"": 1, "k": 1e3, "K": 1e3, "m": 1e6, "M": 1e6}[m.group(2)])


def parse_label(text):
    return int(float(text[:-1]) * (1e6 if text.endswith("M") else 1e3))


def label(lines):
    return f"{lines / 1e6:g}M" if lines >= 1e6 else f"{lines / 1e3:g}k"


def read_time_v(path):
    text = open(path).read()
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", text)
    seconds = 0.0
    if wall:
        for part in wall.group(1).split(":"):
            seconds = seconds * 60 + float(part)
    exit_status = re.search(r"Exit status: (\d+)", text)
    cpu = sum(float(x) for x in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text))
    return {"peak_rss_mb": round(int(rss.group(1)) / 1024) if rss else None, "time_wall_s": seconds, "cpu_s": cpu,
            "exit": int(exit_status.group(1)) if exit_status else None}


def spill_metrics(event_log_dir):
    """Sums the task metrics of every SparkListenerTaskEnd in the run's event log: spills, shuffle, and the
    executors' CPU time per call site (the code line that started the Spark job), which load on the
    machine inflates far less than wall time."""
    totals = {"memory_spilled_mb": 0.0, "disk_spilled_mb": 0.0, "shuffle_written_mb": 0.0, "tasks": 0}
    stage_site = {}
    cpu_by_site = {}
    for path in glob.glob(os.path.join(event_log_dir, "*")):
        with open(path) as f:
            for line in f:
                if '"SparkListenerStageSubmitted"' in line:
                    info = json.loads(line)["Stage Info"]
                    stage_site[info["Stage ID"]] = info["Stage Name"]
                    continue
                if '"SparkListenerTaskEnd"' not in line:
                    continue
                event = json.loads(line)
                metrics = event.get("Task Metrics") or {}
                totals["tasks"] += 1
                totals["memory_spilled_mb"] += metrics.get("Memory Bytes Spilled", 0) / 1e6
                totals["disk_spilled_mb"] += metrics.get("Disk Bytes Spilled", 0) / 1e6
                totals["shuffle_written_mb"] += (metrics.get("Shuffle Write Metrics") or {}).get(
                    "Shuffle Bytes Written", 0) / 1e6
                site = stage_site.get(event.get("Stage ID"), "?")
                cpu_by_site[site] = cpu_by_site.get(site, 0.0) + metrics.get("Executor CPU Time", 0) / 1e9
    result = {k: round(v, 1) for k, v in totals.items()}
    result["executor_cpu_s_by_call_site"] = {k: round(v, 1) for k, v in
                                             sorted(cpu_by_site.items(), key=lambda kv: -kv[1])}
    return result


class Bench:
    def __init__(self, args):
        self.args = args
        self.heap = args.heap
        self.layout_memory = args.layout_memory
        self.opens = re.search(r"<spark.jvm.opens>(.*)</spark.jvm.opens>", open(os.path.join(ROOT, "pom.xml")).read()
                               ).group(1).split()
        jar = os.path.join(ROOT, "target", "tracelake-0.1.0-SNAPSHOT.jar")
        runtime = open(os.path.join(ROOT, "target", "runtime.classpath")).read().strip()
        self.bench_cp = ":".join([os.path.join(ROOT, "config"), os.path.join(ROOT, "target", "bench-classes"), jar,
                                  runtime])
        self.env = dict(os.environ, SPARK_LOCAL_IP=os.environ.get("SPARK_LOCAL_IP", "127.0.0.1"))
        # tracelake and its generator run through the launcher, so the JVM settings are the launcher's
        self.launcher = os.path.join(ROOT, "bin", "tracelake")
        self.rates = dict(RATES)
        # naive Spark gets the launcher's GC and compiler choice, so that the ratio compares the jobs, not the
        # JVM settings (--naive-jvm default: Java's own); read from bin/tracelake, where they are defined
        launcher_text = open(self.launcher).read()
        self.launcher_jvm = [flag for group in re.findall(r"tuning\+=\((-XX:[^)$\"]+)\)", launcher_text)
                             for flag in group.split()]
        # and its logging start-up: SLF4J's provider named, not searched for in every jar
        self.launcher_jvm += re.findall(r"(-Dslf4j\.[a-z.]+=[A-Za-z.]+)", launcher_text)
        self.naive_jvm = self.launcher_jvm if args.naive_jvm == "launcher" else []
        self.generator_help = subprocess.run([self.launcher, "generate", "--help"],
                                             capture_output=True, text=True, env=self.env).stdout
        self.results = []
        self.notes = []

    def java(self, classpath, extra=()):
        return ["java", f"-Xmx{self.heap}"] + self.opens + list(extra) + ["-cp", classpath]

    def eta(self, step, lines):
        return lines / self.rates[step]

    def learn(self, step, lines, seconds):
        if seconds > 0:
            self.rates[step] = lines / seconds

    def plan(self, kinds, sizes):
        steps = []
        for kind in kinds:
            base = kind.split("/")[0]
            for size in sizes:
                steps.append((kind, size, "generate"))
                for step in self.args.tools:
                    if step in BASELINE_TOOLS and (base not in BASELINE_KINDS or "/" in kind):
                        continue
                    steps.append((kind, size, step))
        return steps

    def warm_launcher(self):
        """One untimed `bin/tracelake run` on a tiny day: the first run after a build writes the launcher's
        class-data-sharing archive at its exit (about 10 s more), which must not land on a timed run."""
        out = os.path.join(self.args.dir, "launcher-warm-up")
        shutil.rmtree(out, ignore_errors=True)
        log("bench: one untimed bin/tracelake run on a tiny day, so the launcher's class archive exists")
        with open(os.path.join(self.args.dir, "launcher-warm-up.log"), "w") as f:
            for cmd in ([self.launcher, "generate", "--out", out, "--date", DAY, "--requests", "20"],
                        [self.launcher, "run", "--config", os.path.join(out, "tracelake.yaml"), "--date", DAY]):
                subprocess.run(cmd, check=True, stdout=f, stderr=subprocess.STDOUT,
                               env=dict(self.env, TRACELAKE_HEAP=self.heap))
        shutil.rmtree(out, ignore_errors=True)

    def run(self, kinds, sizes):
        steps = self.plan(kinds, sizes)
        started = time.time()
        if "tracelake" in self.args.tools:
            self.warm_launcher()
        for kind in kinds:
            if "/" in kind and "--ids" not in self.generator_help:
                note = (f"{kind}: skipped: this build's `tracelake generate` has no --ids option yet "
                        "(request-id-only days come with the generator's `--ids request`)")
                log("bench: " + note)
                self.notes.append(note)
                steps = [s for s in steps if s[0] != kind]
        for i, (kind, size, step) in enumerate(steps):
            remaining = sum(self.eta(s, n) for _, n, s in steps[i:])
            log(f"[{i + 1}/{len(steps)}] {kind} {label(size)} {step}: ETA {self.eta(step, size):,.0f} s "
                f"(all remaining ~{remaining / 60:,.1f} min; {(time.time() - started) / 60:,.1f} min so far)")
            record = self.record(kind, size)
            t = time.time()
            try:
                getattr(self, "step_" + step.replace("-", "_"))(kind, size, record)
            except subprocess.CalledProcessError as e:
                record.setdefault("errors", {})[step] = f"exit {e.returncode}; its output: {e.cmd[-1] if e.cmd else '?'}"
                log(f"bench: {step} failed (exit {e.returncode}); its log is under {self.day_dir(kind, size)}")
            except (OSError, ValueError, KeyError) as e:  # a missing or unreadable output: note it, go on
                record.setdefault("errors", {})[step] = f"{type(e).__name__}: {e}"
                log(f"bench: {step} failed: {type(e).__name__}: {e}")
            self.learn(step, size, time.time() - t)
            self.save()
            if i + 1 == len(steps) or steps[i + 1][:2] != (kind, size):
                self.cleanup(kind, size)
        self.save()
        log(f"bench: done in {(time.time() - started) / 60:.1f} min")

    def record(self, kind, size):
        for r in self.results:
            if r["kind"] == kind and r["size"] == label(size):
                return r
        r = {"kind": kind, "size": label(size)}
        self.results.append(r)
        return r

    def day_dir(self, kind, size):
        suffix = f"-{self.args.compress}" if self.args.compress != "none" else ""
        return os.path.join(self.args.dir, f"{kind.replace('/', '-')}-{label(size)}{suffix}")

    def logs_dir(self, kind, size):
        return os.path.join(self.day_dir(kind, size), "logs", DAY)

    def step_generate(self, kind, size, record):
        out = self.day_dir(kind, size)
        base, _, ids = kind.partition("/")
        if not os.path.exists(os.path.join(out, "tracelake.yaml")):
            requests = max(1, round(size / LINES_PER_REQUEST[base]))
            cmd = [self.launcher, "generate", "--out", out, "--date", DAY, "--requests", str(requests)] + KINDS[base]
            if ids:
                cmd += ["--ids", ids]
            if self.args.compress != "none":
                cmd += ["--compress", self.args.compress]
            shutil.rmtree(out, ignore_errors=True)
            os.makedirs(out)
            with open(os.path.join(out, "generate.log"), "w") as f:
                subprocess.run(cmd, check=True, stdout=f, stderr=subprocess.STDOUT, env=self.env)
        files = [p for p in glob.glob(os.path.join(self.logs_dir(kind, size), "**"), recursive=True)
                 if os.path.isfile(p)]
        record["input_files"] = len(files)
        record["input_mb"] = round(sum(os.path.getsize(p) for p in files) / 1e6, 1)

    def timed(self, name, kind, size, cmd, extra_env=None):
        """Runs cmd under /usr/bin/time -v; returns (stdout, wall seconds, time -v figures)."""
        work = self.day_dir(kind, size)
        time_file = os.path.join(work, f"{name}.time")
        log_file = os.path.join(work, f"{name}.log")
        if self.args.cold:
            drop_page_cache()
        t = time.perf_counter()
        with open(log_file, "w") as err:
            proc = subprocess.run(["/usr/bin/time", "-v", "-o", time_file] + cmd, stdout=subprocess.PIPE,
                                  stderr=err, text=True, env=dict(self.env, **(extra_env or {})))
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            raise subprocess.CalledProcessError(proc.returncode, [log_file])
        return proc.stdout, wall, read_time_v(time_file)

    def step_floor(self, kind, size, record):
        out, wall, tv = self.timed("floor", kind, size, self.java(self.bench_cp) + [
            "io.tracelake.bench.ReadFloor", self.logs_dir(kind, size)])
        r = json.loads(out.strip().splitlines()[-1])
        record["floor"] = {"wall_s": round(wall, 2), "read_s": r["seconds"], "lines": r["lines"],
                           "lines_per_s": round(r["lines"] / wall), "mb_per_s": round(r["bytes"] / 1e6 / wall, 1),
                           "peak_rss_mb": tv["peak_rss_mb"], "cpu_s": round(tv["cpu_s"], 1)}
        record["lines"] = r["lines"]

    def step_tracelake(self, kind, size, record):
        work = self.day_dir(kind, size)
        shutil.rmtree(os.path.join(work, "warehouse"), ignore_errors=True)
        events_dir = os.path.join(work, "spark-events-tracelake")
        shutil.rmtree(events_dir, ignore_errors=True)
        os.makedirs(events_dir)
        # TRACELAKE_JAVA_OPTS as bin/tracelake takes it, e.g. to try a GC or a spark.* setting
        extra = shlex.split(os.environ.get("TRACELAKE_JAVA_OPTS", "")) + [
            "-Dspark.eventLog.enabled=true", f"-Dspark.eventLog.dir=file://{events_dir}"]
        jfr = None
        if self.args.profile:
            jfr = os.path.join(work, "tracelake.jfr")
            extra.append(f"-XX:StartFlightRecording=filename={jfr},settings=profile")
        report = os.path.join(work, "report.json")
        out, wall, tv = self.timed("tracelake", kind, size, [
            self.launcher, "run", "--config", os.path.join(work, "tracelake.yaml"), "--date", DAY, "--report", report],
            extra_env={"TRACELAKE_HEAP": self.heap, "TRACELAKE_JAVA_OPTS": " ".join(extra)})
        r = json.load(open(report))
        c = r["counts"]
        stages = {s["stage"]: s["seconds"] for s in r["stages"]}
        agg = re.search(r"aggregates: .* in ([\d.]+) s", out)
        if agg:
            stages["aggregates"] = float(agg.group(1))
        record["lines"] = c["lines_read"]
        record["tracelake"] = {
            "wall_s": round(wall, 2), "lines": c["lines_read"], "events": c["events"], "rejects": c["rejects"],
            "spans": c["spans"], "traces": c["traces"], "reconciled": r["reconciled"],
            "lines_per_s": round(c["lines_read"] / wall), "mb_per_s": round(c["input_bytes"] / 1e6 / wall, 1),
            "peak_rss_mb": tv["peak_rss_mb"], "cpu_s": round(tv["cpu_s"], 1),
            "lines_per_cpu_s": round(c["lines_read"] / tv["cpu_s"]) if tv["cpu_s"] else None, "stages_s": stages,
            "jvm_and_spark_start_s": round(wall - sum(stages.values()), 1), **spill_metrics(events_dir)}
        if jfr:
            summary = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "jfr_top.py"), jfr, "--report",
                                      report], capture_output=True, text=True)
            path = os.path.join(self.args.out, f"profile-{self.args.stamp}-{kind.replace('/', '-')}-{label(size)}.md")
            open(path, "w").write(summary.stdout + summary.stderr)
            record["tracelake"]["profile"] = os.path.relpath(path, ROOT)

    def step_naive(self, kind, size, record):
        work = self.day_dir(kind, size)
        out_dir = os.path.join(work, "naive-out")
        events_dir = os.path.join(work, "spark-events-naive")
        for d in (out_dir, events_dir):
            shutil.rmtree(d, ignore_errors=True)
        os.makedirs(events_dir)
        out, wall, tv = self.timed("naive", kind, size, self.java(self.bench_cp, self.naive_jvm + [
            "-Dspark.eventLog.enabled=true", f"-Dspark.eventLog.dir=file://{events_dir}"]) + [
            "io.tracelake.bench.NaiveSpark", kind.split("/")[0], self.logs_dir(kind, size), out_dir])
        r = json.loads(out.strip().splitlines()[-1])
        lines = record.get("lines") or size
        record["naive"] = {"wall_s": round(wall, 2), "events": r["events"], "spans": r["spans"],
                           "traces": r["traces"], "lines_per_s": round(lines / wall),
                           "mb_per_s": round(record["input_mb"] / wall, 1), "peak_rss_mb": tv["peak_rss_mb"],
                           "cpu_s": round(tv["cpu_s"], 1), "jvm_options": self.naive_jvm,
                           "stages_s": {s["stage"]: s["seconds"] for s in r["stages"]}, **spill_metrics(events_dir)}
        shutil.rmtree(out_dir, ignore_errors=True)

    def step_duckdb(self, kind, size, record, tool="duckdb", layout="narrow", check=None):
        work = self.day_dir(kind, size)
        out_dir = os.path.join(work, tool + "-out")
        shutil.rmtree(out_dir, ignore_errors=True)
        # the narrow job fits the heap tracelake gets; DuckDB's sort of every column of the events layout
        # does not (out of memory at 5M lines under 3 GB), so that variant gets what it asks for and its peak
        # RSS is reported beside tracelake's
        memory = self.layout_memory if layout == "events" else self.heap.upper().rstrip("B") + "B"
        out, wall, tv = self.timed(tool, kind, size, [
            sys.executable, os.path.join(ROOT, "bench", "duckdb_equivalent.py"), kind.split("/")[0],
            self.logs_dir(kind, size), out_dir, "--memory-limit", memory, "--layout", layout,
            "--config", os.path.join(work, "tracelake.yaml")])
        r = json.loads(out.strip().splitlines()[-1])
        lines = record.get("lines") or size
        record[tool] = {"wall_s": round(wall, 2), "events": r["events"], "spans": r["spans"],
                            "traces": r["traces"], "lines_per_s": round(lines / wall),
                            "mb_per_s": round(record["input_mb"] / wall, 1), "peak_rss_mb": tv["peak_rss_mb"],
                            "cpu_s": round(tv["cpu_s"], 1), "version": r["duckdb"], "memory_limit": r["memory_limit"],
                            "stages_s": {s["stage"]: s["seconds"] for s in r["stages"]}}
        if check:
            check(os.path.join(out_dir, "events.parquet"), record[tool])
        shutil.rmtree(out_dir, ignore_errors=True)

    def step_duckdb_layout(self, kind, size, record):
        # a freshly run day has one run directory under dt= (model/SCHEMA.md, "Commit")
        ours = glob.glob(os.path.join(self.day_dir(kind, size), "warehouse", "events", f"dt={DAY}", "*", "*.parquet"))

        def check(theirs, figures):
            # the same table as tracelake's, column by column (bench/duckdb_layout_check.py), while both exist
            if not ours or size > self.args.check_layout_max:
                return
            result = subprocess.run([sys.executable, os.path.join(ROOT, "bench", "duckdb_layout_check.py"),
                                     os.path.join(os.path.dirname(ours[0]), "*.parquet"), theirs],
                                    capture_output=True, text=True)
            figures["layout_check"] = {"same": result.returncode == 0,
                                       "output": (result.stdout + result.stderr).strip().splitlines()}

        self.step_duckdb(kind, size, record, tool="duckdb-layout", layout="events", check=check)

    def cleanup(self, kind, size):
        work = self.day_dir(kind, size)
        shutil.rmtree(os.path.join(work, "warehouse"), ignore_errors=True)
        if not self.args.keep_inputs:
            shutil.rmtree(os.path.join(work, "logs"), ignore_errors=True)
            shutil.rmtree(os.path.join(work, "truth"), ignore_errors=True)
            if os.path.exists(os.path.join(work, "tracelake.yaml")):
                os.remove(os.path.join(work, "tracelake.yaml"))

    def machine(self):
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        model = re.search(r"Model name:\s*(.*)", lscpu)
        mem = re.search(r"MemTotal:\s*(\d+) kB", open("/proc/meminfo").read())
        java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
        return {"cpus": os.cpu_count(), "cpu": model.group(1).strip() if model else platform.processor(),
                "memory_gib": round(int(mem.group(1)) / 2**20, 1) if mem else None,
                "java": java[0] if java else "?", "heap": self.heap, "spark_master": "local[*]",
                "load_average_at_end": os.getloadavg()}

    def save(self):
        doc = {"taken_at": self.args.stamp, "command": self.args.command, "machine": self.machine(),
               "under_load": self.args.under_load, "cold": self.args.cold, "notes": self.notes,
               "results": self.results}
        base = os.path.join(self.args.out, f"scaling-{self.args.stamp}")
        with open(base + ".json", "w") as f:
            json.dump(doc, f, indent=1)
        with open(base + ".md", "w") as f:
            f.write(markdown(doc))
        shutil.copyfile(base + ".json", os.path.join(self.args.out, "latest.json"))
        shutil.copyfile(base + ".md", os.path.join(self.args.out, "latest.md"))


def fmt(value, digits=0):
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def ratio(a, b):
    return f"{a / b:.2f}×" if a and b else "–"


# issue 17, point 2: CPU-µs per line end to end by size, ratios of CPU seconds on the same files in the same run
# (X's CPU s over tracelake's: above the bound tracelake is that many times cheaper), wall of a 1M-line day,
# CPU of a 20k-line day, peak RSS flat from 1M to 20M lines and below the run before issue 17's rewrite
TARGET_US_PER_LINE = {5_000_000: 8.0, 20_000_000: 6.0}
TARGET_RATIO = {"naive": {"json": 3.0, "pattern": 3.0}, "duckdb": {"json": 0.5, "pattern": 1.5},
                "duckdb-layout": {"json": 1.0, "pattern": 1.0}}
TARGET_WALL_1M_S = 15.0
TARGET_CPU_20K_S = 10.0
RSS_FLAT = 1.2  # peak RSS at the largest size at most this times that at 1M
# peak RSS MB of the run before issue 17 (bench/RESULTS.md, quiet machine, -Xmx3g), kind -> size -> MB
RSS_BEFORE = {"json": {"1M": 1627, "5M": 2821, "20M": 3527}, "pattern": {"1M": 1475, "5M": 2635, "20M": 3519},
              "mixed": {"1M": 1702, "5M": 2633, "20M": 3531}, "json/request": {"1M": 1532, "5M": 2152, "20M": 3352}}


def us_per_line(tool, lines):
    return tool["cpu_s"] * 1e6 / lines if tool and tool.get("cpu_s") and lines else None


def verdict(ok):
    return "PASS" if ok else "MISS"


def targets_markdown(results):
    """The table of issue 17's point 2: per kind and size, CPU-µs per line of each tool, the CPU ratios the
    targets name, and PASS/MISS for each target that applies to the row."""
    out = ["", "## Targets (issue 17, point 2)", "",
           "CPU = user + sys seconds of the whole process (`/usr/bin/time -v`: JVM start, JIT and Python start "
           "included), over the lines read. Ratios are X's CPU seconds over tracelake's on the same files in this "
           "run: the bound is the least the ratio must be (naive ≥ 3×; DuckDB narrow ≥ 0.5× on JSON, ≥ 1.5× on "
           "pattern; DuckDB writing our events layout ≥ 1.0×, i.e. tracelake no dearer); naive Spark runs with the "
           "launcher's GC and compiler flags unless `--naive-jvm default`. µs/line: ≤ 8 at 5M, ≤ 6 "
           f"at 20M; a 1M-line day ≤ {TARGET_WALL_1M_S:g} s wall; a day of ≤ 20k lines ≤ {TARGET_CPU_20K_S:g} CPU-s.",
           "",
           "| kind | size | lines | CPU-µs/line tracelake / naive / DuckDB narrow / DuckDB layout "
           "| naive CPU ÷ tracelake CPU | DuckDB-narrow CPU ÷ tracelake CPU | DuckDB-layout CPU ÷ tracelake CPU "
           "| tracelake peak RSS MB (before #17) | tracelake wall s | size target |",
           "|---|---|---:|---|---|---|---|---|---:|---|"]
    for r in results:
        t = r.get("tracelake")
        if not t:
            continue
        lines = t.get("lines") or r.get("lines")
        base = r["kind"].split("/")[0]
        cells = []
        for tool in ("naive", "duckdb", "duckdb-layout"):
            x = r.get(tool)
            bound = TARGET_RATIO[tool].get(base)
            if not x or not bound or not t.get("cpu_s"):
                cells.append("–")
                continue
            value = x["cpu_s"] / t["cpu_s"]
            cells.append(f"{value:.2f}× (≥ {bound:g}×) {verdict(value >= bound)}")
        n = parse_label(r["size"])
        size_target = []
        if n in TARGET_US_PER_LINE:
            u = us_per_line(t, lines)
            size_target.append(f"≤ {TARGET_US_PER_LINE[n]:g} µs/line: {verdict(u <= TARGET_US_PER_LINE[n])}")
        if n == 1_000_000:
            size_target.append(f"≤ {TARGET_WALL_1M_S:g} s wall: {verdict(t['wall_s'] <= TARGET_WALL_1M_S)}")
        if n <= 20_000:
            size_target.append(f"≤ {TARGET_CPU_20K_S:g} CPU-s: {verdict(t['cpu_s'] <= TARGET_CPU_20K_S)}")
        before = RSS_BEFORE.get(r["kind"], {}).get(r["size"])
        rss = fmt(t.get("peak_rss_mb")) + (f" ({before:,}: {verdict(t['peak_rss_mb'] < before)})" if before else "")
        out.append(f"| {r['kind']} | {r['size']} | {fmt(lines)} | "
                   f"{' / '.join(fmt(us_per_line(r.get(k), lines), 1) for k in ('tracelake', 'naive', 'duckdb', 'duckdb-layout'))} | "
                   f"{' | '.join(cells)} | {rss} | {t['wall_s']:.1f} | {'; '.join(size_target) or '–'} |")
    out.append("")
    kinds = []
    for r in results:
        if r["kind"] not in kinds:
            kinds.append(r["kind"])
    for kind in kinds:
        runs = sorted((r for r in results if r["kind"] == kind and r.get("tracelake")
                       and parse_label(r["size"]) >= 1_000_000), key=lambda r: parse_label(r["size"]))
        if len(runs) < 2:
            continue
        first, last = runs[0], runs[-1]
        a, b = first["tracelake"]["peak_rss_mb"], last["tracelake"]["peak_rss_mb"]
        out.append(f"- **{kind}**: peak RSS {a:,} MB at {first['size']} → {b:,} MB at {last['size']} "
                   f"({b / a:.2f}×; flat means ≤ {RSS_FLAT:g}×): {verdict(b <= a * RSS_FLAT)}.")
    return out


def drop_page_cache():
    """Empties the kernel's page cache (root only): the next step reads its inputs from disk."""
    subprocess.run(["sync"], check=True)
    try:
        with open("/proc/sys/vm/drop_caches", "w") as f:
            f.write("3\n")
    except OSError as e:
        sys.exit(f"bench: --cold needs to write /proc/sys/vm/drop_caches (root): {e}")


def markdown(doc):
    m = doc["machine"]
    out = [f"# Scaling benchmark {doc['taken_at']}", "",
           f"Machine: {m['cpus']} cores ({m['cpu']}), {m['memory_gib']} GiB, {m['java']}; heap {m['heap']}, "
           f"Spark {m['spark_master']}. Load average at the end: {', '.join(f'{x:.2f}' for x in m['load_average_at_end'])}"
           + (" — **taken under load** (other work shared the cores): slower than a quiet machine."
              if doc["under_load"] else ".")
           + (" **Cold**: the page cache was dropped right before each timed step, so every tool read the logs from"
              " disk (without it, the read floor's step leaves them cached for the tools after it). On a VM that is"
              " the cheap case of an uncached read: memory freed long before costs more to fill (bench/RESULTS.md,"
              " 2026-12-07)." if doc.get("cold") else ""),
           "", f"Command: `{doc['command']}`", ""]
    out += ["## tracelake run", "",
            "| kind | size | lines | input MB | wall s | lines/s | MB/s | CPU s | lines/CPU-s | peak RSS MB | start s | list s "
            "| parse s | write and rebuild s | aggregate s | commit s | spilled mem/disk MB | shuffle MB |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in doc["results"]:
        t = r.get("tracelake")
        if not t:
            continue
        s = t["stages_s"]
        out.append(f"| {r['kind']} | {r['size']} | {t['lines']:,} | {fmt(r.get('input_mb'))} | {t['wall_s']:.1f} | "
                   f"{t['lines_per_s']:,} | {t['mb_per_s']:.1f} | {fmt(t.get('cpu_s'), 1)} | {fmt(t.get('lines_per_cpu_s'))} | "
                   f"{fmt(t['peak_rss_mb'])} | {t['jvm_and_spark_start_s']} | "
                   f"{s.get('list_inputs', 0) + s.get('split_inputs', 0):.1f} | {s.get('parse', 0):.1f} | "
                   f"{s.get('write_and_rebuild', 0):.1f} | {s.get('aggregate', 0):.1f} | {s.get('commit', 0):.1f} | "
                   f"{t['memory_spilled_mb']:,.0f}/{t['disk_spilled_mb']:,.0f} | "
                   f"{t['shuffle_written_mb']:,.0f} |")
    out += ["", "## Side by side (same files, same run)", "",
            "lines/s over each tool's whole wall time (JVM/Spark/Python start included). "
            "tracelake ÷ X is tracelake's lines/s over X's: above 1 tracelake is faster. The CPU-second ratio "
            "(X's CPU s over tracelake's) is the one to trust on a busy machine.", "",
            "| kind | size | floor lines/s | tracelake lines/s | naive Spark lines/s | DuckDB narrow lines/s | "
            "DuckDB layout lines/s | tracelake ÷ floor | tracelake ÷ naive | tracelake ÷ DuckDB narrow | "
            "tracelake ÷ DuckDB layout | RSS MB floor / tracelake / naive / DuckDB narrow / layout "
            "| CPU s floor / tracelake / naive / DuckDB narrow / layout |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for r in doc["results"]:
        fl, t, n, d, dl = (r.get(k) or {} for k in TOOLS)
        out.append(f"| {r['kind']} | {r['size']} | {fmt(fl.get('lines_per_s'))} | {fmt(t.get('lines_per_s'))} | "
                   f"{fmt(n.get('lines_per_s'))} | {fmt(d.get('lines_per_s'))} | {fmt(dl.get('lines_per_s'))} | "
                   f"{ratio(t.get('lines_per_s'), fl.get('lines_per_s'))} | "
                   f"{ratio(t.get('lines_per_s'), n.get('lines_per_s'))} | "
                   f"{ratio(t.get('lines_per_s'), d.get('lines_per_s'))} | "
                   f"{ratio(t.get('lines_per_s'), dl.get('lines_per_s'))} | "
                   f"{' / '.join(fmt(x.get('peak_rss_mb')) for x in (fl, t, n, d, dl))} | "
                   f"{' / '.join(fmt(x.get('cpu_s'), 1) for x in (fl, t, n, d, dl))} |")
    out += targets_markdown(doc["results"])
    for note in doc["notes"]:
        out.append(f"- {note}")
    for r in doc["results"]:
        c = (r.get("duckdb-layout") or {}).get("layout_check")
        if c:
            out.append(f"- {r['kind']} {r['size']}: DuckDB's events layout against tracelake's events "
                       f"(bench/duckdb_layout_check.py): {'; '.join(c['output'])}")
    for r in doc["results"]:
        for step, error in (r.get("errors") or {}).items():
            out.append(f"- **{r['kind']} {r['size']} {step} failed**: {error}")
    out += ["", "Floor: bench ReadFloor (Java, one thread per core, tracelake's file opening, line feeds counted, "
            "nothing parsed). Naive Spark: bench/spark/.../NaiveSpark.java. DuckDB: bench/duckdb_equivalent.py. "
            + ("Every step read the files from disk (the page cache dropped before it)." if doc.get("cold")
               else "Files are read from the page cache after the first step."), ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="1M,5M,20M")
    ap.add_argument("--kinds", default="json,pattern,mixed,json/request")
    ap.add_argument("--tools", default=",".join(TOOLS))
    ap.add_argument("--heap", default="3g")
    ap.add_argument("--layout-memory", default="14GB",
                    help="DuckDB's memory_limit when it writes tracelake's events layout (duckdb-layout)")
    ap.add_argument("--dir", default="/tmp/tracelake-bench")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--compress", default="none", choices=["none", "gz", "zst", "bz2"])
    ap.add_argument("--keep-inputs", action="store_true", help="keep generated days for the next run")
    ap.add_argument("--naive-jvm", choices=["launcher", "default"], default="launcher",
                    help="naive Spark's GC and compiler: bin/tracelake's (default) or Java's own")
    ap.add_argument("--check-layout-max", default="1M",
                    help="up to this size, compare DuckDB's events layout with tracelake's events (default 1M)")
    ap.add_argument("--profile", action="store_true", help="record tracelake runs with JFR and summarise them")
    ap.add_argument("--under-load", action="store_true", help="mark the figures as taken on a busy machine")
    ap.add_argument("--cold", action="store_true",
                    help="drop the page cache before each timed step (root): every tool reads the logs from disk")
    ap.add_argument("--command", default=" ".join(sys.argv))
    ap.add_argument("--render", metavar="RESULTS_JSON", help="only print the Markdown of an earlier run's JSON")
    args = ap.parse_args()
    if args.render:
        print(markdown(json.load(open(args.render))))
        return
    args.tools = [t for t in args.tools.split(",") if t]
    unknown = set(args.tools) - set(TOOLS)
    if unknown:
        sys.exit(f"bench: unknown tool(s) {', '.join(sorted(unknown))}; use {', '.join(TOOLS)}")
    kinds = [k for k in args.kinds.split(",") if k]
    for kind in kinds:
        base, _, ids = kind.partition("/")
        if base not in KINDS or ids not in ("", "request", "span"):
            sys.exit(f"bench: kind '{kind}' is not one of {', '.join(KINDS)}, optionally /request")
    sizes = [parse_size(s) for s in args.sizes.split(",") if s]
    args.check_layout_max = parse_size(args.check_layout_max)
    args.stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    os.makedirs(args.out, exist_ok=True)
    os.makedirs(args.dir, exist_ok=True)
    bench = Bench(args)
    bench.run(kinds, sizes)
    log("")
    log(open(os.path.join(args.out, "latest.md")).read())


if __name__ == "__main__":
    main()
