package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a scheduler sees it: help, exit codes, one-line errors, and a full generate + run. */
class CliTest extends SparkTestBase {

  @TempDir
  Path dir;

  private record Result(int exitCode, String out, String err) {}

  private static Result tracelake(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void everyCommandHasHelp() {
    for (String[] args : new String[][] {{"--help"}, {"run", "--help"}, {"generate", "--help"},
        {"parse-test", "--help"}, {"aggregate", "--help"}, {"rollup", "--help"},
        {"dependencies", "--help"}, {"help", "run"}}) {
      Result result = tracelake(args);
      assertThat(result.exitCode()).as(String.join(" ", args)).isZero();
      assertThat(result.out()).startsWith("Usage: tracelake");
    }
    assertThat(tracelake("--help").out()).contains("run", "generate", "parse-test", "Exit codes:");
    assertThat(tracelake("run", "--help").out()).contains("--config", "--date", "--report");
    assertThat(tracelake("generate", "--help").out()).contains("--out", "--requests", "--seed", "--compress");
  }

  @Test
  void helpOfEveryCommandPrintsNoPicocliWarningAndTheBareCommandNamesThemAll() {
    Set<String> commands = TracelakeCommand.commandLine().getSubcommands().keySet();
    PrintStream stderr = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    // picocli reports a description it cannot format on System.err, not on the command's writer
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(tracelake("--help").exitCode()).isZero();
      for (String command : commands) {
        assertThat(tracelake(command, "--help").exitCode()).as(command).isZero();
      }
    } finally {
      System.setErr(stderr);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("picocli WARN");
    Result bare = tracelake();
    for (String command : commands) {
      if (!command.equals("help")) {
        assertThat(bare.err()).as("the bare command names " + command).contains(command);
      }
    }
    assertThat(bare.err().lines().findFirst().orElseThrow()).startsWith("Missing command: one of run, ").contains("parse-test");
  }

  @Test
  void badArgumentsExitWithTwoAndSayWhatToFix() {
    Result noCommand = tracelake();
    assertThat(noCommand.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noCommand.err()).contains("Missing command");

    Result badDate = tracelake("run", "--config", "x.yaml", "--date", "20-11-2026");
    assertThat(badDate.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badDate.err()).contains("'20-11-2026' is not a date of the form YYYY-MM-DD");

    Result noConfig = tracelake("run", "--config", dir.resolve("missing.yaml").toString(), "--date", "2026-11-20");
    assertThat(noConfig.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(noConfig.err()).isEqualTo("tracelake: " + dir.resolve("missing.yaml") + ": config file not found\n");

    Result badRequests = tracelake("generate", "--out", dir.toString(), "--date", "2026-11-20", "--requests", "0");
    assertThat(badRequests.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(badRequests.err()).startsWith("tracelake: ").hasLineCount(1);
  }

  @Test
  void aBrokenConfigIsOneLineAndExitCodeTwo() throws IOException {
    Path config = dir.resolve("tracelake.yaml");
    Files.writeString(config, "warehouse: w\nsources:\n  - name: a\n    format: xml\n    paths: [x]\n");
    Result result = tracelake("run", "--config", config.toString(), "--date", "2026-11-20");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("tracelake: " + config + ": source 'a': format 'xml' is not one of: logstash-json, ")
        .hasLineCount(1);
  }

  @Test
  void anUnwritableWarehouseIsAConfigErrorBeforeAnyWork() throws IOException {
    Path blocker = dir.resolve("not-a-directory");
    Files.writeString(blocker, "a file where the warehouse should go");
    Path config = dir.resolve("tracelake.yaml");
    Files.writeString(config, "warehouse: not-a-directory/warehouse\nsources: [{name: a, format: logstash-json, "
        + "paths: [logs]}]\n");
    Result result = tracelake("run", "--config", config.toString(), "--date", "2026-11-20");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("tracelake: " + config + ": warehouse " + blocker + "/warehouse is not writable")
        .hasLineCount(1);
  }

  @Test
  void aDayWithoutInputExitsWithThree() {
    assertThat(tracelake("generate", "--out", dir.toString(), "--date", "2026-11-20", "--requests", "3").exitCode())
        .isZero();
    Result result = tracelake("run", "--config", dir.resolve("tracelake.yaml").toString(), "--date", "2026-11-21");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.INPUT);
    assertThat(result.err()).startsWith("tracelake: source 'shop': no file matches ").hasLineCount(1);
  }

  @Test
  void parseTestShowsEachLinesFieldsOrItsRejection() throws IOException {
    assertThat(tracelake("generate", "--out", dir.toString(), "--date", "2026-11-20", "--requests", "2").exitCode())
        .isZero();
    Path sample = dir.resolve("sample.log");
    Files.writeString(sample, "{\"@timestamp\":\"2026-11-20T10:15:30.5Z\",\"level\":\"warning\",\"message\":\"hi\","
        + "\"traceId\":\"AB12\",\"app_name\":\"cart\",\"extra\":1}\nnot json\n");
    Result result = tracelake("parse-test", "--config", dir.resolve("tracelake.yaml").toString(), "--source", "shop",
        sample.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("line 1:", "  ts              2026-11-20T10:15:30.500Z", "  level           WARN",
        "  service         cart", "  request_id      AB12", "  attributes      extra=1",
        "line 2: REJECTED malformed_json: malformed JSON at column", "1 events, 1 rejects (malformed_json 1)");

    Result firstFile = tracelake("parse-test", "--config", dir.resolve("tracelake.yaml").toString(), "--source", "shop",
        "--date", "2026-11-20", "--lines", "2");
    assertThat(firstFile.out()).contains("/logs/2026-11-20/", "2 events, 0 rejects");

    Result unknown = tracelake("parse-test", "--config", dir.resolve("tracelake.yaml").toString(), "--source", "x");
    assertThat(unknown.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).endsWith("no source named 'x'; sources: shop\n");
  }

  @Test
  void parseTestEndsWithWhatARunWouldLose() throws IOException {
    Path config = dir.resolve("lose.yaml");
    Files.writeString(config, "warehouse: w\nsources:\n"
        + "  - {name: api, format: json, paths: [x]}\n"
        + "  - {name: pods, format: pino-json, envelope: docker, paths: [y]}\n");
    Path sample = dir.resolve("api.log");
    Files.writeString(sample, "{\"time\":\"2026-11-20T10:00:00Z\",\"msg\":\"a\",\"corr\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}\n"
        + "{\"time\":\"2026-11-20T10:00:01Z\",\"msg\":\"b\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}\n"
        + "garbage\n");
    Result api = tracelake("parse-test", "--config", config.toString(), "--source", "api", sample.toString());
    assertThat(api.exitCode()).as(api.err()).isZero();
    assertThat(api.out()).contains("2 events, 1 rejects (malformed_json 1)",
        "WARNING: 1 of 2 events have no trace id: a run puts them in no trace",
        "fields that held something like an id in them: corr (1)",
        "WARNING: 1 of 3 entries rejected (malformed_json 1)").doesNotContain("nothing lost");

    Path pods = dir.resolve("pods.log");
    Files.writeString(pods, "{\"log\":\"{\\\"level\\\":30,\\\"msg\\\":\\\"x\\\",\\\"trace_id\\\":"
        + "\\\"4bf92f3577b34da6a3ce929d0e0e4736\\\",\\\"span_id\\\":\\\"00f067aa0ba902b7\\\"}\\n\","
        + "\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30.123456789Z\"}\n");
    Result envelope = tracelake("parse-test", "--config", config.toString(), "--source", "pods", pods.toString());
    assertThat(envelope.exitCode()).as(envelope.err()).isZero();
    assertThat(envelope.out()).contains("  ts              2026-11-20T10:15:30.123456Z", "  time_source     envelope",
        "note: 1 of 1 events have no time of their own and took a fallback (envelope 1)",
        "nothing lost: every entry of the 1 lines read is an event with a trace id");
  }

  @Test
  void generateThenRunPrintsASummaryAndWritesTheReport() throws IOException {
    Result generated = tracelake("generate", "--out", dir.toString(), "--date", "2026-11-20", "--requests", "10",
        "--compress", "gz");
    assertThat(generated.exitCode()).isZero();
    assertThat(generated.out()).startsWith("generated 2026-11-20: 10 traces, ");

    Path reportCopy = dir.resolve("report.json");
    Result run = tracelake("run", "--config", dir.resolve("tracelake.yaml").toString(), "--date", "2026-11-20",
        "--report", reportCopy.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("tracelake run 2026-11-20: ").contains(" 0 rejects", "10 traces",
        "tables: " + dir.resolve("warehouse") + "/{events,rejects,spans,traces}/dt=2026-11-20");
    assertThat(Files.readString(reportCopy)).contains("\"reconciled\" : true", "\"traces\" : 10");
    assertThat(run.out()).contains("  aggregates: ");

    Result zipkin = tracelake("dependencies", "--config", dir.resolve("tracelake.yaml").toString(), "--date",
        "2026-11-20", "--format", "zipkin");
    assertThat(zipkin.exitCode()).as(zipkin.err()).isZero();
    java.util.List<zipkin2.DependencyLink> links = zipkin2.codec.DependencyLinkBytesDecoder.JSON_V1.decodeList(
        zipkin.out().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(links).extracting(l -> l.parent() + "->" + l.child()).contains("gateway->auth", "auth->redis");
    assertThat(links).allSatisfy(l -> assertThat(l.callCount()).isPositive());

    Result dot = tracelake("dependencies", "--config", dir.resolve("tracelake.yaml").toString(), "--date",
        "2026-11-20", "--format", "dot");
    assertThat(dot.out()).startsWith("digraph dependencies {").contains("\"gateway\" -> \"auth\" [label=\"");
    Result noDay = tracelake("dependencies", "--config", dir.resolve("tracelake.yaml").toString(), "--date",
        "2026-11-22");
    assertThat(noDay.exitCode()).isEqualTo(ExitCodes.INPUT);
  }
}
