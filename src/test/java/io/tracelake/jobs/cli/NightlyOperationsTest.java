package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.run.RunReport;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Running tracelake every night as a scheduler does: ranges of days, a day without input, a failed day,
 * the completion marker, status, --json, optional sources, and rollup over a period with a day missing.
 */
class NightlyOperationsTest extends SparkTestBase {

  private static final LocalDate D1 = LocalDate.of(2026, 11, 18);
  private static final LocalDate D2 = D1.plusDays(1);
  private static final LocalDate D3 = D1.plusDays(2);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path dir;

  private String config() {
    return dir.resolve("tracelake.yaml").toString();
  }

  private void generate(LocalDate day, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("generate", "--out", dir.toString(), "--date",
        day.toString(), "--requests", "4"));
    args.addAll(List.of(more));
    assertThat(CliRun.tracelake(args.toArray(String[]::new)).exitCode()).isZero();
  }

  private Path marker(LocalDate day) {
    return dir.resolve("warehouse/_runs/dt=" + day + "/_COMPLETE");
  }

  @Test
  void aRangeStopsAtADayWithoutInputUnlessKeepGoingAndStatusSaysWhereEachDayStands() throws IOException {
    generate(D1);
    generate(D3);

    CliRun stopped = CliRun.tracelake("run", "--config", config(), "--from", D1.toString(), "--to", D3.toString());
    assertThat(stopped.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(stopped.err()).contains("tracelake: source 'shop': no file matches ").contains(D2.toString());
    List<String> lines = stopped.out().lines().toList();
    assertThat(lines.get(0)).startsWith("tracelake run " + D1 + ": ");
    assertThat(lines.subList(lines.size() - 3, lines.size())).satisfiesExactly(
        line -> assertThat(line).startsWith(D1 + "  complete "),
        line -> assertThat(line).startsWith(D2 + "  missing_input ").contains("no file matches"),
        line -> assertThat(line).startsWith(D3 + "  not_run ").contains("skipped"));
    assertThat(marker(D1)).exists();
    assertThat(marker(D3)).doesNotExist();
    // the failed day has its report too, with the error
    try (Stream<Path> reports = Files.list(dir.resolve("warehouse/_runs/dt=" + D2))) {
      RunReport failed = RunReport.fromJson(Files.readString(reports
          .filter(f -> f.getFileName().toString().endsWith(".json")).findFirst().orElseThrow()));
      assertThat(failed.outcome()).isEqualTo("missing_input");
      assertThat(failed.error()).startsWith("source 'shop': no file matches ");
      assertThat(failed.counts()).isNull();
    }

    CliRun keptGoing = CliRun.tracelake("run", "--config", config(), "--from", D1.toString(), "--to", D3.toString(),
        "--keep-going", "--json");
    assertThat(keptGoing.exitCode()).isEqualTo(ExitCodes.INPUT);
    JsonNode summary = JSON.readTree(keptGoing.out());
    assertThat(summary.path("exit_code").asInt()).isEqualTo(ExitCodes.INPUT);
    assertThat(summary.path("days").findValuesAsText("state")).containsExactly("complete", "missing_input", "complete");
    assertThat(summary.path("days").get(2).path("traces").asLong()).isEqualTo(4);
    assertThat(summary.path("days").get(2).path("aggregates").path("service_operations_daily").asLong()).isPositive();
    // the marker names the run that completed the day, and comes after the aggregates
    String d3Run = summary.path("days").get(2).path("run_id").asText();
    assertThat(Files.readString(marker(D3))).contains("\"run_id\":\"" + d3Run + "\"");
    assertThat(Files.getLastModifiedTime(marker(D3))).isGreaterThanOrEqualTo(
        Files.getLastModifiedTime(dir.resolve("warehouse/dependencies_daily/dt=" + D3)));

    CliRun status = CliRun.tracelake("status", "--config", config(), "--from", D1.toString(), "--to",
        D3.plusDays(1).toString());
    assertThat(status.exitCode()).as(status.err()).isZero();
    assertThat(status.out().lines().toList()).satisfiesExactly(
        header -> assertThat(header).startsWith("day "),
        line -> assertThat(line).startsWith(D1 + "  complete "),
        line -> assertThat(line).startsWith(D2 + "  missing_input "),
        line -> assertThat(line).startsWith(D3 + "  complete ").contains(d3Run),
        line -> assertThat(line).startsWith(D3.plusDays(1) + "  not_run "));
    JsonNode statusJson = JSON.readTree(CliRun.tracelake("status", "--config", config(), "--json").out());
    assertThat(statusJson.path("days").findValuesAsText("date"))
        .containsExactly(D1.toString(), D2.toString(), D3.toString());
    assertThat(statusJson.path("days").get(2).path("run_id").asText()).isEqualTo(d3Run);

    // the day run again by the job alone: switched with its aggregates, so complete again, by the new run
    RunReport again = new NightlyJob(spark(), ConfigLoader.load(dir.resolve("tracelake.yaml"))).run(D3);
    assertThat(Files.readString(marker(D3))).contains("\"run_id\":\"" + again.runId() + "\"");
    assertThat(CliRun.tracelake("status", "--config", config(), "--from", D3.toString(), "--to", D3.toString()).out())
        .contains(D3 + "  complete ").contains(again.runId());

    // rollup over the period refuses the missing day, in one line, unless told
    CliRun refused = CliRun.tracelake("rollup", "--config", config(), "--from", D1.toString(), "--to", D3.toString());
    assertThat(refused.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(refused.err()).startsWith("tracelake: rollup " + D1 + ".." + D3 + ": 1 of 3 days have no aggregates")
        .contains(D2.toString()).hasLineCount(1);
    CliRun allowed = CliRun.tracelake("rollup", "--config", config(), "--from", D1.toString(), "--to", D3.toString(),
        "--allow-missing");
    assertThat(allowed.exitCode()).as(allowed.err()).isZero();
  }

  @Test
  void aFileNotReadableToItsEndLeavesThePartialDayUnmarkedAndAFailedRunHasItsReport() throws IOException {
    generate(D1, "--compress", "gz");
    Path gz;
    try (Stream<Path> files = Files.walk(dir.resolve("logs/" + D1))) {
      gz = files.filter(f -> f.toString().endsWith(".gz")).findFirst().orElseThrow();
    }
    try (RandomAccessFile file = new RandomAccessFile(gz.toFile(), "rw")) {
      file.setLength(file.length() / 2);
    }
    CliRun partial = CliRun.tracelake("run", "--config", config(), "--date", D1.toString(), "--json");
    assertThat(partial.exitCode()).isEqualTo(ExitCodes.INPUT);
    JsonNode day = JSON.readTree(partial.out()).path("days").get(0);
    assertThat(day.path("state").asText()).isEqualTo("partial");
    assertThat(day.path("outcome").asText()).isEqualTo("input_errors");
    assertThat(day.path("error").asText()).contains(gz.getFileName().toString());
    assertThat(marker(D1)).doesNotExist();

    // a job failure: the events table's directory is a file, so the commit cannot move the day in
    Files.delete(gz);
    Files.createDirectories(dir.resolve("warehouse"));
    Files.walk(dir.resolve("warehouse/events")).sorted(java.util.Comparator.reverseOrder())
        .forEach(p -> p.toFile().delete());
    Files.writeString(dir.resolve("warehouse/events"), "not a directory");
    CliRun failed = CliRun.tracelake("run", "--config", config(), "--date", D1.toString());
    assertThat(failed.exitCode()).isEqualTo(ExitCodes.JOB_FAILED);
    assertThat(failed.err()).contains("tracelake: run " + D1 + " failed: ");
    CliRun status = CliRun.tracelake("status", "--config", config(), "--json");
    JsonNode failedDay = JSON.readTree(status.out()).path("days").get(0);
    assertThat(failedDay.path("state").asText()).isEqualTo("failed");
    assertThat(failedDay.path("error").asText()).isNotBlank();
  }

  @Test
  void anOptionalSourceWithoutAFileIsAWarningAndAggregateWithoutSpansIsOneLine() throws IOException {
    generate(D1);
    Files.writeString(dir.resolve("tracelake.yaml"), Files.readString(dir.resolve("tracelake.yaml"))
        + "  - name: batch\n    format: logfmt\n    paths: [\"logs/{date}/batch/*.log\"]\n    optional: true\n");
    CliRun run = CliRun.tracelake("run", "--config", config(), "--date", D1.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("  warning: source 'batch': no file matches ", "the source is optional");
    assertThat(marker(D1)).exists();

    CliRun badCopy = CliRun.tracelake("run", "--config", config(), "--date", D1.toString(), "--report",
        dir.resolve("no-such-dir/report.json").toString());
    assertThat(badCopy.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badCopy.err()).isEqualTo("tracelake: --report " + dir.resolve("no-such-dir/report.json")
        + ": directory " + dir.resolve("no-such-dir") + " does not exist\n");
    assertThat(marker(D1)).as("nothing ran").exists();

    CliRun aggregate = CliRun.tracelake("aggregate", "--config", config(), "--date", D2.toString());
    assertThat(aggregate.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(aggregate.err()).startsWith("tracelake: no spans for " + D2).hasLineCount(1);
  }
}
