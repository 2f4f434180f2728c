package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.jobs.run.RunReport;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.FaultInjection;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.testing.SparkTestBase;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tracelake run} killed with -9 at named points of every stage and of the commit, as a separate process: at
 * each point a reader sees, for every table of the day, the previous complete run or the new one (never a mix,
 * never nothing), the completion marker and the report only with the switch; the re-run after it (in this JVM,
 * taking over the dead run's lock) is row-identical to a clean run and leaves no other run's directory, lock or
 * temporary file behind. Each killed process is started while the previous point is checked and waits at a start
 * gate, so that its JVM and Spark start-up do not add to the test's time.
 *
 * <p>Two inputs of the day alternate, so that the previous run and the new one differ in every table they can
 * differ in: v1 has a file of lines that are rejects, v2 lacks it and one service's log, which changes the events,
 * spans, traces and the aggregates.
 */
class CommitFaultsTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Where the run pauses, in the order the run gets there: every stage and every step of the commit. */
  static final List<String> POINTS = List.of("list_inputs", "parse.task", "parse", "write.task", "aggregate",
      "commit.counted", "commit.marker_removed", "commit.pointer_staged", "commit.switched", "commit.reported",
      "commit.marked", "commit.collected");
  private static final List<Table> TABLES = DayView.TABLES;

  @TempDir
  Path dir;

  private final Configuration hadoop = new Configuration();

  @Test
  void aRunKilledAnywhereLeavesTheDayWholeAndItsReRunEqualsACleanRun() throws Exception {
    Path warehouse = dir.resolve("warehouse");
    Path v1 = input("v1", warehouse);
    Path v2 = input("v2", warehouse);
    Files.createDirectories(dir.resolve("v1/logs/" + DAY + "/legacy"));
    Files.writeString(dir.resolve("v1/logs/" + DAY + "/legacy/legacy-1.log"), "not a log line\n"
        + "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"message\":\"no trace id\"}\nnor this\n", StandardCharsets.UTF_8);
    try (Stream<Path> logs = Files.list(dir.resolve("v2/logs/" + DAY))) {
      Path service = logs.sorted().toList().get(1);
      deleteTree(service);
    }

    // the clean runs each input's rows are compared with, in warehouses of their own
    Map<Path, Map<String, List<String>>> clean = new LinkedHashMap<>();
    for (Path config : List.of(v1, v2)) {
      Path own = dir.resolve("clean-" + config.getFileName());
      runHere(withWarehouse(config, own, "clean-" + config.getFileName()));
      clean.put(config, view(own.toString()));
    }
    assertThat(clean.get(v1)).as("the inputs differ in every table but errors_daily").allSatisfy((table, rows) -> {
      if (!table.equals(Tables.ERRORS_DAILY.name())) {
        assertThat(rows).isNotEqualTo(clean.get(v2).get(table));
      }
    });

    runHere(v1);
    Process waiting = start(v2, POINTS.get(0), 0);
    try {
      checkEveryPoint(warehouse, v1, v2, clean, waiting);
    } finally {
      ProcessHandle.current().children().forEach(ProcessHandle::destroyForcibly);
    }
  }

  private void checkEveryPoint(Path warehouse, Path v1, Path v2, Map<Path, Map<String, List<String>>> clean,
      Process first) throws Exception {
    Path current = v1;
    Process waiting = first;
    for (int i = 0; i < POINTS.size(); i++) {
      String point = POINTS.get(i);
      Path next = current.equals(v1) ? v2 : v1;
      String previous = DayPointer.read(warehouse.toString(), DAY, hadoop).orElseThrow().switchedBy();
      killAtPause(waiting, point, i);
      waiting = i + 1 < POINTS.size() ? start(current, POINTS.get(i + 1), i + 1) : null;

      Map<String, List<String>> seen = view(warehouse.toString());
      Map<String, List<String>> before = clean.get(current);
      Map<String, List<String>> after = clean.get(next);
      List<String> old = new ArrayList<>();
      List<String> fresh = new ArrayList<>();
      for (Table table : TABLES) {
        List<String> rows = seen.get(table.name());
        assertThat(rows.equals(before.get(table.name())) || rows.equals(after.get(table.name())))
            .as("killed at %s, %s is the previous run's or the new one's", point, table.name()).isTrue();
        if (!rows.equals(after.get(table.name()))) {
          old.add(table.name());
        }
        if (!rows.equals(before.get(table.name()))) {
          fresh.add(table.name());
        }
      }
      assertThat(old.isEmpty() || fresh.isEmpty()).as("killed at %s, no mix: previous %s, new %s", point, old, fresh)
          .isTrue();
      DayPointer pointer = DayPointer.read(warehouse.toString(), DAY, hadoop).orElseThrow();
      assertThat(pointer.runs()).as("killed at %s, every table switched together", point).hasSize(TABLES.size());
      assertThat(pointer.runs().values().stream().distinct()).hasSize(1);
      boolean switched = !pointer.switchedBy().equals(previous);
      Optional<String> newRun = switched ? Optional.of(pointer.switchedBy()) : otherRun(warehouse, previous);
      assertThat(newRun.isPresent() || i < POINTS.indexOf("commit.counted"))
          .as("killed at %s, the run's directories are there", point).isTrue();
      assertThat(switched).as("killed at %s, switched", point).isEqualTo(i >= POINTS.indexOf("commit.switched"));
      if (switched) {
        assertThat(old).as("killed at %s after the switch, the new run is seen", point).isEmpty();
      } else {
        assertThat(fresh).as("killed at %s before the switch, the previous run is seen", point).isEmpty();
      }
      Optional<String> marked = marker(warehouse);
      marked.ifPresent(run -> assertThat(run).as("killed at %s, the marker names the run switched to", point)
          .isEqualTo(pointer.switchedBy()));
      assertThat(marked.isPresent()).as("killed at %s, the day marked complete", point)
          .isEqualTo(i < POINTS.indexOf("commit.marker_removed") || i >= POINTS.indexOf("commit.marked"));
      assertThat(newRun.map(id -> Files.exists(report(warehouse, id))).orElse(false))
          .as("killed at %s, the run's report is there only once it is switched", point)
          .isEqualTo(i >= POINTS.indexOf("commit.reported"));

      runHere(next);
      assertThat(view(warehouse.toString())).as("re-run after a kill at %s", point).isEqualTo(after);
      assertOnlyTheCurrentRunIsLeft(warehouse);
      current = next;
    }
  }

  /** A clean run of the day in this JVM, as a scheduler's retry would be. */
  private void runHere(Path config) throws IOException {
    RunReport report = new NightlyJob(spark(), ConfigLoader.load(config)).run(DAY);
    assertThat(report.outcome()).isEqualTo(RunReport.Outcome.SUCCEEDED.key());
  }

  /** Generates the day into {@code dir/<name>} and returns its config, writing to {@code warehouse}. */
  private Path input(String name, Path warehouse) throws IOException {
    Path out = dir.resolve(name);
    assertThat(CliRun.tracelake("generate", "--out", out.toString(), "--date", DAY.toString(), "--requests", "6")
        .exitCode()).isZero();
    return withWarehouse(out.resolve("tracelake.yaml"), warehouse, name);
  }

  private Path withWarehouse(Path config, Path warehouse, String name) throws IOException {
    String text = Files.readString(config).replaceAll("(?m)^warehouse:.*$", "warehouse: " + warehouse);
    assertThat(text).contains("warehouse: " + warehouse);
    Path written = config.resolveSibling(name + ".yaml");
    Files.writeString(written, text);
    return written;
  }

  /**
   * Starts {@code tracelake run} in a JVM of its own, to pause at {@code pauseAt}; it waits at the start gate
   * {@code gate-<n>} until {@link #killAtPause} opens it.
   */
  private Process start(Path config, String pauseAt, int n) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx768m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.startsWith("-Djdk") || a.startsWith("-Dio.netty"))
        .forEach(command::add);
    command.add("-Dspark.master=local[2]");
    command.add("-Dspark.ui.enabled=false");
    // a run killed with SIGKILL leaves its block manager's directory (shuffle files) behind: here, not in /tmp
    command.add("-Dspark.local.dir=" + dir.resolve("spark-local"));
    command.add("-Dspark.hadoop." + FaultInjection.PAUSE_AT_KEY + "=" + pauseAt);
    command.add("-Dspark.hadoop." + FaultInjection.PAUSE_DIR_KEY + "=" + dir);
    command.add("-Dspark.hadoop." + FaultInjection.START_GATE_KEY + "=" + dir.resolve("gate-" + n));
    command.add("-Dlogback.configurationFile=" + Path.of("config/logback.xml").toAbsolutePath());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tracelake.jobs.cli.TracelakeCommand",
        "run", "--config", config.toString(), "--date", DAY.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(dir.resolve("run-" + n + ".out").toFile())
        .redirectError(dir.resolve("run-" + n + ".err").toFile());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    return builder.start();
  }

  /** Opens the process's start gate, waits until it pauses at {@code pauseAt}, and kills it with SIGKILL. */
  private void killAtPause(Process process, String pauseAt, int n) throws Exception {
    try {
      Files.createFile(dir.resolve("gate-" + n));
      Path paused = dir.resolve(pauseAt + ".paused");
      for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120); !Files.exists(paused); ) {
        assertThat(process.isAlive()).as("the run reaches %s: %s", pauseAt, tail(dir.resolve("run-" + n + ".err")))
            .isTrue();
        assertThat(System.nanoTime()).as("the run reaches %s in time", pauseAt).isLessThan(deadline);
        Thread.sleep(10);
      }
      process.destroyForcibly(); // SIGKILL on Unix: no shutdown hook, no finally block runs
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(process.exitValue()).isEqualTo(137);
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private Map<String, List<String>> view(String warehouse) throws IOException {
    return DayView.of(warehouse, DAY, hadoop);
  }

  /** The run directory of the day's events other than {@code previous}: the killed run's, once it made one. */
  private Optional<String> otherRun(Path warehouse, String previous) throws IOException {
    Path events = warehouse.resolve("events/dt=" + DAY);
    if (!Files.exists(events)) {
      return Optional.empty();
    }
    try (Stream<Path> runs = Files.list(events)) {
      return runs.map(p -> p.getFileName().toString()).filter(n -> !n.equals(previous)).findFirst();
    }
  }

  private static Optional<String> marker(Path warehouse) throws IOException {
    Path marker = warehouse.resolve("_runs/dt=" + DAY + "/_COMPLETE");
    return Files.exists(marker) ? Optional.of(JSON.readTree(marker.toFile()).path("run_id").asText())
        : Optional.empty();
  }

  private static Path report(Path warehouse, String runId) {
    return warehouse.resolve("_runs/dt=" + DAY + "/" + runId + ".json");
  }

  /** After a clean re-run: only the run switched to, its report (reconciled) and marker, no temporary file. */
  private void assertOnlyTheCurrentRunIsLeft(Path warehouse) throws IOException {
    DayView.assertOnlyTheCurrentRun(warehouse, DAY, hadoop);
    try (Stream<Path> runs = Files.list(warehouse.resolve("_runs/dt=" + DAY))) {
      assertThat(runs.map(p -> p.getFileName().toString()).filter(n -> !n.endsWith(".json") && !n.endsWith(".crc")))
          .containsExactlyInAnyOrder(DayPointer.NAME, "_COMPLETE");
    }
    String current = DayPointer.read(warehouse.toString(), DAY, hadoop).orElseThrow().switchedBy();
    assertThat(RunReport.fromJson(Files.readString(report(warehouse, current))).reconciled()).isTrue();
  }

  private static String tail(Path file) {
    try {
      String text = Files.readString(file);
      return text.substring(Math.max(0, text.length() - 3000));
    } catch (IOException e) {
      return "(" + e + ")";
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
