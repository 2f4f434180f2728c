package io.tracelake.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.jobs.cli.ExitCodes;
import io.tracelake.jobs.cli.TracelakeCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tracelake generate}'s scenario options: what they make, and one line for each mistake. */
class GenerateCommandTest {

  @TempDir
  Path dir;

  private record Result(int exitCode, String out, String err) {}

  private static Result tracelake(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  private Result generate(String... options) {
    List<String> args = new ArrayList<>(List.of("generate", "--out", dir.toString(), "--date", "2026-11-20",
        "--requests", "40"));
    args.addAll(List.of(options));
    return tracelake(args.toArray(String[]::new));
  }

  @Test
  void theHelpDocumentsEveryScenarioOption() {
    assertThat(tracelake("generate", "--help").out()).contains("--ids", "full|span|request", "--silent",
        "--access-log-only", "--duplicates", "--max-skew", "--across-midnight", "--giant-trace", "summary.json",
        "--no-kinds", "--non-enclosing", "--after-response", "--repeats");
  }

  @Test
  void theHabitsOfRealServicesReachTheSummaryAndTheFiles() throws IOException {
    Result result = generate("--no-kinds", "--non-enclosing", "0.2", "--after-response", "0.3", "--repeats",
        "0.05");
    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("truth/summary.json").toFile());
    JsonNode options = summary.get("options");
    assertThat(options.get("ids").asText()).isEqualTo("span");
    assertThat(options.get("no_kinds").asBoolean()).isTrue();
    assertThat(options.get("non_enclosing").asDouble()).isEqualTo(0.2);
    assertThat(options.get("after_response").asDouble()).isEqualTo(0.3);
    assertThat(options.get("repeats").asDouble()).isEqualTo(0.05);
    assertThat(summary.get("after_response_requests").asLong()).isPositive();
    assertThat(dir.resolve("logs/2026-11-20/worker")).isDirectory();
    assertThat(Files.readString(dir.resolve("logs/2026-11-20/gateway/gateway-1.log"))).doesNotContain("\"parentId\":")
        .doesNotContain("span_kind");
  }

  @Test
  void theOptionsReachTheSummaryAndTheFiles() throws IOException {
    Result result = generate("--ids", "request", "--silent", "auth,cart", "--access-log-only", "catalog",
        "--duplicates", "0.05", "--max-skew", "0", "--across-midnight", "2", "--giant-trace", "500");
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("generated 2026-11-20: 45 traces, ");
    JsonNode summary = new ObjectMapper().readTree(dir.resolve("truth/summary.json").toFile());
    JsonNode options = summary.get("options");
    assertThat(options.get("ids").asText()).isEqualTo("request");
    assertThat(options.get("silent")).hasSize(2);
    assertThat(options.get("silent").get(0).asText()).isEqualTo("auth");
    assertThat(options.get("access_log_only").get(0).asText()).isEqualTo("catalog");
    assertThat(options.get("duplicates").asDouble()).isEqualTo(0.05);
    assertThat(options.get("max_skew_ms").asLong()).isZero();
    assertThat(options.get("across_midnight").asInt()).isEqualTo(2);
    assertThat(options.get("giant_trace_events").asInt()).isEqualTo(500);
    assertThat(summary.get("giant_trace_id").asText()).matches("[0-9a-f]{32}");
    assertThat(summary.get("lines_per_day").size()).isBetween(2, 3);
    assertThat(dir.resolve("logs/2026-11-20/auth")).doesNotExist();
    assertThat(dir.resolve("logs/2026-11-20/catalog/access")).isDirectory();
    assertThat(Files.readString(dir.resolve("tracelake.yaml"))).contains("  - name: catalog-access\n    format: nginx\n");
  }

  @Test
  void theDefaultsAreTheFullLogs() throws IOException {
    assertThat(generate().exitCode()).isZero();
    JsonNode options = new ObjectMapper().readTree(dir.resolve("truth/summary.json").toFile()).get("options");
    assertThat(options.get("ids").asText()).isEqualTo("full");
    assertThat(options.get("max_skew_ms").asLong()).isEqualTo(25);
    assertThat(options.get("duplicates").asDouble()).isZero();
    assertThat(options.has("no_kinds")).isFalse();
    assertThat(Files.readString(dir.resolve("logs/2026-11-20/gateway/gateway-1.log"))).contains("\"parentId\":");
  }

  @Test
  void anUnknownIdModeIsAUsageError() {
    Result result = generate("--ids", "spans");
    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith(
        "Invalid value for option '--ids': 'spans' is not an id mode; use one of full, span, request\n");
  }

  @Test
  void aWrongValueIsOneLineAndExitCodeTwo() {
    List<List<String>> wrong = List.of(
        List.of("--silent", "auth,billing"),
        List.of("--access-log-only", "nowhere"),
        List.of("--silent", "auth", "--access-log-only", "auth"),
        List.of("--duplicates", "1.5"),
        List.of("--max-skew", "-1"),
        List.of("--across-midnight", "-3"),
        List.of("--giant-trace", "10"),
        List.of("--non-enclosing", "1.2"),
        List.of("--after-response", "-0.1"),
        List.of("--repeats", "2"),
        List.of("--no-kinds", "--ids", "request"));
    List<String> expected = List.of("'billing' is not a service of the shop",
        "'nowhere' is not a service of the shop", "cannot be both silent and access-log-only",
        "Invalid share of duplicates: 1.5", "Invalid clock skew: -1 ms", "requests across midnight: -3",
        "Invalid size of the giant trace: 10 events", "Invalid --non-enclosing 1.2", "Invalid --after-response -0.1",
        "Invalid --repeats 2.0", "drop --ids request");
    for (int i = 0; i < wrong.size(); i++) {
      Result result = generate(wrong.get(i).toArray(String[]::new));
      assertThat(result.exitCode()).as("%s", wrong.get(i)).isEqualTo(ExitCodes.USAGE);
      assertThat(result.err()).as("%s", wrong.get(i)).startsWith("tracelake: ").contains(expected.get(i))
          .hasLineCount(1);
    }
  }
}
