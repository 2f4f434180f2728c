#!/usr/bin/env python3
"""The launcher's JVM settings, chosen by measurement; run it through bench/launcher-flags.sh.

Generates one JSON day per size once (reused), then runs `bin/tracelake run` on it under each JVM setting,
in alternating order (round 1: A B C ..., round 2: ... C B A), under /usr/bin/time -v: user+sys CPU seconds,
wall seconds, peak RSS. The small size runs every setting; the large size runs the default and the settings
that cost least CPU on the small day (or those given with --large-settings). Every run starts from an empty
warehouse. Each setting is passed as TRACELAKE_JAVA_OPTS with TRACELAKE_JVM_TUNING=off, so that the launcher's
own chosen flags stay out of the comparison. Writes bench/results/launcher-flags-<UTC>.{md,json}.
"""
import argparse
import datetime
import json
import os
import re
import shutil
import statistics
import subprocess
import sys

from scaling import label, parse_size, read_time_v  # bench/scaling.py, beside this file

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DAY = "2026-11-20"
LINES_PER_REQUEST = 59.0  # JSON lines per simulated request (bench/scaling.py measures the same)
ARCHIVE = "{dir}/tracelake-cds.jsa"  # the AppCDS archive this benchmark builds once; bin/tracelake keeps its own

# name -> JVM options; "{archive}" is replaced by the archive's path
SETTINGS = {
    "default": "",
    "parallel": "-XX:+UseParallelGC",
    "c1": "-XX:TieredStopAtLevel=1",
    "parallel+c1": "-XX:+UseParallelGC -XX:TieredStopAtLevel=1",
    "serial": "-XX:+UseSerialGC",
    "cds": "-XX:SharedArchiveFile={archive}",
    "parallel+cds": "-XX:+UseParallelGC -XX:SharedArchiveFile={archive}",
    "parallel+c1+cds": "-XX:+UseParallelGC -XX:TieredStopAtLevel=1 -XX:SharedArchiveFile={archive}",
    "c1+cds": "-XX:TieredStopAtLevel=1 -XX:SharedArchiveFile={archive}",
    # C2 kept for what stays hot, but 10x later than by default: a compromise if C1 only loses long runs
    "parallel+c2late+cds": "-XX:+UseParallelGC -XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000 "
                           "-XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000 "
                           "-XX:SharedArchiveFile={archive}",
    # C2 a hundred times later than by default: per-line code of a million-line day still gets there in its first
    # seconds, a small day's start-up code (Spark's, Scala's) does not
    "parallel+c2x100+cds": "-XX:+UseParallelGC -XX:Tier4InvocationThreshold=500000 -XX:Tier4MinInvocationThreshold=60000 "
                           "-XX:Tier4CompileThreshold=1500000 -XX:Tier4BackEdgeThreshold=4000000 "
                           "-XX:SharedArchiveFile={archive}",
}


def log(msg):
    print(msg, file=sys.stderr, flush=True)


class Runner:
    def __init__(self, args):
        self.args = args
        self.tracelake = os.path.join(ROOT, "bin", "tracelake")
        self.archive = ARCHIVE.format(dir=args.dir)
        self.runs = []

    def day(self, lines):
        return os.path.join(self.args.dir, f"json-{label(lines)}")

    def generate(self, lines):
        out = self.day(lines)
        if os.path.exists(os.path.join(out, "tracelake.yaml")):
            return
        shutil.rmtree(out, ignore_errors=True)
        requests = max(1, round(lines / LINES_PER_REQUEST))
        log(f"launcher-flags: generating a {label(lines)}-line JSON day ({requests} requests) in {out}")
        subprocess.run([self.tracelake, "generate", "--out", out, "--date", DAY, "--requests", str(requests),
                        "--seed", "1"], check=True, stdout=subprocess.DEVNULL)

    def opts(self, setting):
        return SETTINGS[setting].format(archive=self.archive)

    def run(self, setting, lines, extra_opts="", record=True):
        day = self.day(lines)
        shutil.rmtree(os.path.join(day, "warehouse"), ignore_errors=True)
        time_file = os.path.join(day, "run.time")
        env = dict(os.environ, TRACELAKE_JVM_TUNING="off", TRACELAKE_HEAP=self.args.heap,
                   TRACELAKE_JAVA_OPTS=(self.opts(setting) + " " + extra_opts).strip())
        with open(os.path.join(day, f"run-{setting}.log"), "w") as err:
            proc = subprocess.run(["/usr/bin/time", "-v", "-o", time_file, self.tracelake, "run", "--config",
                                   os.path.join(day, "tracelake.yaml"), "--date", DAY, "--json"],
                                  stdout=subprocess.PIPE, stderr=err, text=True, env=env)
        if proc.returncode != 0:
            sys.exit(f"launcher-flags: {setting} on {label(lines)} failed (exit {proc.returncode}); see {err.name}")
        tv = read_time_v(time_file)
        figures = {"cpu_s": round(tv["cpu_s"], 2), "wall_s": tv["time_wall_s"], "peak_rss_mb": tv["peak_rss_mb"]}
        # the JVM's own warnings (CDS's, at an archive's dump) also go to stdout: take the summary's line
        summary_line = [l for l in proc.stdout.splitlines() if l.startswith('{"exit_code"')][-1]
        day_result = json.loads(summary_line)["days"][0]
        figures.update(setting=setting, size=label(lines), lines=day_result["lines_read"],
                       run_seconds=day_result["seconds"], load=round(os.getloadavg()[0], 2))
        if record:
            self.runs.append(figures)
        log(f"  {label(lines):>4} {setting:<16} CPU {figures['cpu_s']:6.1f} s  wall {figures['wall_s']:6.1f} s  "
            f"RSS {figures['peak_rss_mb']:,} MB  (load {figures['load']})")
        return figures

    def build_archive(self, lines):
        """One run that dumps the classes it loaded at exit (Java 17's dynamic AppCDS); not counted. An
        archive newer than the job jar is reused."""
        jar = os.path.join(ROOT, "target", "tracelake-0.1.0-SNAPSHOT.jar")
        if os.path.exists(self.archive) and os.path.getmtime(self.archive) > os.path.getmtime(jar):
            return
        if os.path.exists(self.archive):
            os.remove(self.archive)
        log(f"launcher-flags: building the AppCDS archive {self.archive} (one untimed run)")
        self.run("default", lines, f"-XX:ArchiveClassesAtExit={self.archive}", record=False)

    def rounds(self, settings, lines):
        for r in range(self.args.rounds):
            order = settings if r % 2 == 0 else list(reversed(settings))
            log(f"launcher-flags: {label(lines)} round {r + 1}/{self.args.rounds}: {', '.join(order)}")
            for setting in order:
                self.run(setting, lines)


def summary(runs, settings, size):
    rows = []
    for s in settings:
        mine = [r for r in runs if r["setting"] == s and r["size"] == size]
        if not mine:
            continue
        rows.append({"setting": s, "runs": len(mine), "lines": mine[0]["lines"],
                     "cpu_s": [r["cpu_s"] for r in mine], "wall_s": [r["wall_s"] for r in mine],
                     "peak_rss_mb": [r["peak_rss_mb"] for r in mine],
                     "cpu_median": statistics.median(r["cpu_s"] for r in mine),
                     "wall_median": statistics.median(r["wall_s"] for r in mine),
                     "rss_median": statistics.median(r["peak_rss_mb"] for r in mine)})
    return rows


def markdown(doc):
    out = [f"# Launcher JVM settings {doc['taken_at']}", "",
           f"Machine: {doc['machine']}. Load average at the start {doc['load_start']}, at the end {doc['load_end']}"
           + (" — other builds and tests shared the 2 cores: compare settings within this file, in the "
              "alternating rounds, not with other runs." if doc["load_end"][0] > 1.5 else "."), "",
           f"Command: `{doc['command']}`", "",
           "Each setting is `TRACELAKE_JAVA_OPTS` on top of the launcher's fixed options (`-Xmx"
           f"{doc['heap']}`, Spark's `--add-opens`), with `TRACELAKE_JVM_TUNING=off`; settings alternate "
           "(round 1 in order, round 2 reversed, ...); every run starts from an empty warehouse. CPU = user + sys "
           "from `/usr/bin/time -v`, JIT and start-up included.", ""]
    for size, rows in doc["summary"].items():
        base = next((r for r in rows if r["setting"] == "default"), None)
        lines = rows[0]["lines"] if rows else 0
        out += [f"## {size} lines ({lines:,} lines read)", "",
                "| setting | JVM options | CPU s (each run) | CPU s median | vs default | CPU-µs/line | wall s (each run) "
                "| wall s median | peak RSS MB (each run) |",
                "|---|---|---|---:|---:|---:|---|---:|---|"]
        for r in sorted(rows, key=lambda r: r["cpu_median"]):
            vs = f"{r['cpu_median'] / base['cpu_median'] - 1:+.0%}" if base and r is not base else ""
            out.append(f"| {r['setting']} | `{SETTINGS[r['setting']] or '(none)'}` | "
                       f"{' / '.join(f'{x:.1f}' for x in r['cpu_s'])} | {r['cpu_median']:.1f} | {vs} | "
                       f"{r['cpu_median'] * 1e6 / r['lines']:.1f} | {' / '.join(f'{x:.1f}' for x in r['wall_s'])} | "
                       f"{r['wall_median']:.1f} | {' / '.join(f'{x:,}' for x in r['peak_rss_mb'])} |")
        out.append("")
    out += ["`{archive}`: a dynamic AppCDS archive of the classes one `tracelake run` loaded "
            "(`-XX:ArchiveClassesAtExit`, built once by an untimed run before the rounds).", ""]
    return "\n".join(out)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--small", default="20k",
                    help="lines of the day every setting runs on; 0 to skip (then give --large-settings)")
    ap.add_argument("--large", default="1M", help="lines of the day the winners run on; 0 to skip (default 1M)")
    ap.add_argument("--settings", default=",".join(SETTINGS), help="settings for the small day")
    ap.add_argument("--large-settings", default="",
                    help="settings for the large day (default: default, the 2 cheapest on the small day and the "
                         "cheapest of those that keep the C2 compiler)")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--heap", default="4g", help="TRACELAKE_HEAP of every run (default 4g, the launcher's)")
    ap.add_argument("--dir", default="/tmp/tracelake-launcher-flags")
    ap.add_argument("--out", default=os.path.join(ROOT, "bench", "results"))
    ap.add_argument("--command", default=" ".join(sys.argv))
    ap.add_argument("--render", metavar="RESULTS_JSON", help="only rewrite the Markdown of an earlier run's JSON")
    args = ap.parse_args()
    if args.render:
        doc = json.load(open(args.render))
        doc["summary"] = {size: rows for size, rows in doc["summary"].items() if rows}
        with open(args.render[:-len(".json")] + ".md", "w") as f:
            f.write(markdown(doc))
        return
    settings = [s for s in args.settings.split(",") if s]
    large_settings = [s for s in args.large_settings.split(",") if s]
    unknown = set(settings + large_settings) - set(SETTINGS)
    if unknown:
        sys.exit(f"launcher-flags: unknown setting(s) {', '.join(sorted(unknown))}; use {', '.join(SETTINGS)}")
    if args.rounds < 1:
        sys.exit("launcher-flags: --rounds must be at least 1")
    small, large = parse_size(args.small), parse_size(args.large)
    os.makedirs(args.dir, exist_ok=True)
    os.makedirs(args.out, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    load_start = [round(x, 2) for x in os.getloadavg()]
    runner = Runner(args)
    for lines in (small, large):
        if lines:
            runner.generate(lines)
    if not small and not large_settings:
        sys.exit("launcher-flags: with --small 0, name the large day's settings with --large-settings")
    if any("cds" in s for s in settings + large_settings):
        runner.build_archive(small or large)
    doc = {"taken_at": stamp, "command": args.command, "heap": args.heap, "load_start": load_start}
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
    model = re.search(r"Model name:\s*(.*)", lscpu)
    java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()
    doc["machine"] = (f"{os.cpu_count()} cores ({model.group(1).strip() if model else '?'}), "
                      f"{java[0] if java else 'java ?'}")

    def save():
        doc["load_end"] = [round(x, 2) for x in os.getloadavg()]
        doc["runs"] = runner.runs
        doc["summary"] = {label(n): summary(runner.runs, settings if n == small else large_settings, label(n))
                          for n in (small, large) if n and any(r["size"] == label(n) for r in runner.runs)}
        base = os.path.join(args.out, f"launcher-flags-{stamp}")
        with open(base + ".json", "w") as f:
            json.dump(doc, f, indent=1)
        with open(base + ".md", "w") as f:
            f.write(markdown(doc))
        return base + ".md"

    if small:
        runner.rounds(settings, small)
        save()
    if large:
        if not large_settings:
            # C1 only wins small days and may lose long ones: take the best with the C2 compiler along
            ranked = [r["setting"] for r in sorted(summary(runner.runs, settings, label(small)),
                                                   key=lambda r: r["cpu_median"]) if r["setting"] != "default"]
            with_c2 = [s for s in ranked if "c1" not in s]
            large_settings = ["default"] + ranked[:2] + [s for s in with_c2[:1] if s not in ranked[:2]]
        if any("cds" in s for s in large_settings):
            runner.build_archive(small or large)
        runner.rounds(large_settings, large)
    path = save()
    print(open(path).read())
    log(f"launcher-flags: wrote {path}")


if __name__ == "__main__":
    main()
