package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.jobs.run.RunReport;
import io.tracelake.jobs.warehouse.DayLock;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.FaultInjection;
import io.tracelake.testing.FullDiskFileSystem;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How a day's commit fails safe: a full disk, tables that do not hold every line read, a second run of the day,
 * a warehouse that cannot be written. Each leaves the day as the previous complete run wrote it.
 */
class DayCommitTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private Path warehouse;
  private Configuration hadoop;
  private Map<String, List<String>> before;
  private String firstRun;

  @BeforeEach
  void aCompleteDay() throws IOException {
    hadoop = spark().sparkContext().hadoopConfiguration();
    assertThat(CliRun.tracelake("generate", "--out", dir.toString(), "--date", DAY.toString(), "--requests", "4")
        .exitCode()).isZero();
    warehouse = dir.resolve("warehouse");
    withWarehouse(warehouse.toString());
    assertThat(run().exitCode()).isZero();
    before = DayView.of(warehouse.toString(), DAY, hadoop);
    firstRun = DayPointer.read(warehouse.toString(), DAY, hadoop).orElseThrow().switchedBy();
  }

  private CliRun run(String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("run", "--config", config(), "--date", DAY.toString()));
    args.addAll(List.of(more));
    return CliRun.tracelake(args.toArray(String[]::new));
  }

  private String config() {
    return dir.resolve("tracelake.yaml").toString();
  }

  private void withWarehouse(String uri) throws IOException {
    Path config = dir.resolve("tracelake.yaml");
    String text = Files.readString(config).replaceAll("(?m)^warehouse:.*$", "warehouse: " + uri);
    assertThat(text).contains("warehouse: " + uri);
    Files.writeString(config, text);
  }

  /** The day is as the first run left it: same rows, same run, still marked complete by it, nothing else left. */
  private void assertTheDayIsAsBefore() throws IOException {
    assertThat(DayView.of(warehouse.toString(), DAY, hadoop)).isEqualTo(before);
    assertThat(DayPointer.read(warehouse.toString(), DAY, hadoop).orElseThrow().switchedBy()).isEqualTo(firstRun);
    assertThat(JSON.readTree(warehouse.resolve("_runs/dt=" + DAY + "/_COMPLETE").toFile()).path("run_id").asText())
        .isEqualTo(firstRun);
    DayView.assertOnlyTheCurrentRun(warehouse, DAY, hadoop);
  }

  @Test
  void aRunOnAFullDiskLeavesThePreviousDayAndRemovesItsOwnFiles() throws IOException {
    hadoop.set("fs." + FullDiskFileSystem.SCHEME + ".impl", FullDiskFileSystem.class.getName());
    withWarehouse(FullDiskFileSystem.SCHEME + "://" + warehouse);
    // room for the lock, not for the tables
    FullDiskFileSystem.BUDGET.set(4_096);
    CliRun full;
    try {
      full = run();
    } finally {
      FullDiskFileSystem.BUDGET.set(Long.MAX_VALUE);
      hadoop.unset("fs." + FullDiskFileSystem.SCHEME + ".impl");
    }
    assertThat(full.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
    assertThat(full.err()).contains("No space left on device");
    assertTheDayIsAsBefore();
  }

  @Test
  void tablesThatLostALineAreNotReconciledAndDoNotReplaceTheDay() throws IOException {
    hadoop.set("spark.hadoop." + FaultInjection.DROP_FILE_KEY, "events");
    hadoop.set(FaultInjection.DROP_FILE_KEY, "events");
    CliRun lossy;
    try {
      lossy = run();
    } finally {
      hadoop.unset(FaultInjection.DROP_FILE_KEY);
      hadoop.unset("spark.hadoop." + FaultInjection.DROP_FILE_KEY);
    }
    assertThat(lossy.exitCode()).isEqualTo(ExitCodes.NOT_RECONCILED);
    assertThat(lossy.err().lines()).singleElement().asString()
        .startsWith("tracelake: lines read (").contains("differ from the lines in the written events and rejects");
    RunReport report = reports().stream().filter(r -> !r.runId().equals(firstRun)).findFirst().orElseThrow();
    assertThat(report.reconciled()).isFalse();
    assertThat(report.outcome()).isEqualTo("not_reconciled");
    RunReport.Reconciliation figures = report.reconciliation();
    assertThat(figures.linesRead()).isEqualTo(report.counts().linesRead()).isPositive();
    assertThat(figures.linesInTables()).isLessThan(figures.linesRead())
        .isEqualTo(figures.eventLinesInTable() + figures.rejectLinesInTable());
    assertTheDayIsAsBefore();

    RunReport clean = reports().stream().filter(r -> r.runId().equals(firstRun)).findFirst().orElseThrow();
    assertThat(clean.reconciliation().linesInTables()).isEqualTo(clean.reconciliation().linesRead());
    assertThat(clean.reconciliation().eventLinesInTable()).isEqualTo(clean.counts().eventLines());
  }

  @Test
  void aSecondRunOfTheDayIsRefusedInOneLineAndAStaleLockIsTakenOver() throws Exception {
    // a run that holds the day: this JVM, alive on this host
    try (DayLock held = DayLock.acquire(warehouse.toString(), DAY, "20261121T000000Z-holding", false, hadoop)) {
      CliRun refused = run();
      assertThat(refused.exitCode()).isEqualTo(ExitCodes.DAY_LOCKED);
      assertThat(refused.err().lines()).singleElement().asString()
          .startsWith("tracelake: day " + DAY + " is locked by run 20261121T000000Z-holding (host ")
          .contains(", pid " + ProcessHandle.current().pid() + ", started ", " s ago)", "_LOCK",
              "--force-unlock");
      assertTheDayIsAsBeforeButLocked();

      // another day runs at once
      assertThat(CliRun.tracelake("generate", "--out", dir.toString(), "--date", DAY.plusDays(1).toString(),
          "--requests", "2").exitCode()).isZero();
      withWarehouse(warehouse.toString());
      assertThat(CliRun.tracelake("run", "--config", config(), "--date", DAY.plusDays(1).toString()).exitCode())
          .isZero();

      assertThat(run("--force-unlock").exitCode()).as("--force-unlock takes the lock").isZero();
    }
    assertThat(warehouse.resolve("_runs/dt=" + DAY + "/_LOCK")).doesNotExist();

    // the lock of a run whose process is gone on this host is taken over without --force-unlock
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    DayLock.acquire(warehouse.toString(), DAY, "20261121T000000Z-killed", false, hadoop);
    Path lock = warehouse.resolve("_runs/dt=" + DAY + "/_LOCK");
    ObjectNode owner = (ObjectNode) JSON.readTree(lock.toFile());
    owner.put("pid", gone.pid()).put("started_at", Instant.now().minusSeconds(7200).toString());
    Files.delete(lock);
    Files.writeString(lock, owner.toString());
    assertThat(run().exitCode()).isZero();
    assertThat(lock).doesNotExist();
  }

  private void assertTheDayIsAsBeforeButLocked() throws IOException {
    assertThat(DayView.of(warehouse.toString(), DAY, hadoop)).isEqualTo(before);
    assertThat(DayPointer.read(warehouse.toString(), DAY, hadoop).orElseThrow().switchedBy()).isEqualTo(firstRun);
    assertThat(reports()).hasSize(1);
  }

  @Test
  void theWritableCheckNamesWhatItCannotCreateAndDeletesNothingElse() throws IOException {
    Path otherStaging = warehouse.resolve("_staging/rollup-of-another-run/keep.parquet");
    Files.createDirectories(otherStaging.getParent());
    Files.writeString(otherStaging, "another run's");
    assertThat(run().exitCode()).isZero();
    assertThat(otherStaging).as("another run's staging survives a run").exists();

    Path file = dir.resolve("not-a-directory");
    Files.writeString(file, "x");
    withWarehouse(file.resolve("warehouse").toString());
    CliRun unwritable = run();
    assertThat(unwritable.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unwritable.err().lines()).singleElement().asString()
        .contains("warehouse " + file.resolve("warehouse") + " is not writable: cannot create directory ")
        .contains(file.resolve("warehouse/_runs").toString());
  }

  @Test
  void pathsListsTheFilesOfTheRunTheDayIsSwitchedTo() throws IOException {
    // a run still writing the day: its files must not be listed
    Path writing = warehouse.resolve("spans/dt=" + DAY + "/20991231T000000Z-writing/part-00000-1.parquet");
    Files.createDirectories(writing.getParent());
    Files.copy(Files.list(warehouse.resolve("spans/dt=" + DAY + "/" + firstRun)).findFirst().orElseThrow(), writing);

    CliRun paths = CliRun.tracelake("paths", "--config", config(), "--table", "spans", "--duckdb");
    assertThat(paths.exitCode()).isZero();
    List<String> files = DayPointer.files(warehouse.toString(), io.tracelake.model.schema.Tables.SPANS, DAY, hadoop)
        .stream().map(f -> "'" + f.toUri().getPath() + "'").toList();
    assertThat(paths.out().strip()).isEqualTo("[" + String.join(", ", files) + "]").contains(firstRun)
        .doesNotContain("writing");
    assertThat(CliRun.tracelake("paths", "--config", config(), "--table", "nope").exitCode())
        .isEqualTo(ExitCodes.USAGE);
  }

  private List<RunReport> reports() throws IOException {
    try (Stream<Path> files = Files.list(warehouse.resolve("_runs/dt=" + DAY))) {
      List<RunReport> reports = new java.util.ArrayList<>();
      for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".json")).toList()) {
        reports.add(RunReport.fromJson(Files.readString(file)));
      }
      return reports;
    }
  }
}
