package io.tracelake.simulator.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.cli.ExitCodes;
import io.tracelake.jobs.cli.TracelakeCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tracelake accuracy} refuses to score against the truth of another day (no Spark needed for that). */
class AccuracyCommandTest {

  @TempDir
  Path dir;

  @Test
  void truthOfAnotherDayIsRefusedInOneLineWithExitCodeTwo() throws Exception {
    Path config = dir.resolve("tracelake.yaml");
    Files.writeString(config, "warehouse: warehouse\nsources: [{name: a, format: logstash-json, paths: [logs]}]\n");
    Path truth = Files.createDirectories(dir.resolve("truth"));
    Files.writeString(truth.resolve("spans.jsonl"), "{\"trace_id\": \"t1\", \"span_id\": \"s1\", "
        + "\"parent_span_id\": null, \"service\": \"web\", \"instance\": \"web-1\", \"kind\": \"SERVER\", "
        + "\"start_us\": 0, \"end_us\": 10, \"clock_skew_us\": 0, \"logged\": \"app\", \"day\": \"2026-11-20\"}\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), "accuracy",
        "--config", config.toString(), "--date", "2026-11-21", "--truth", truth.toString());

    assertThat(code).isEqualTo(ExitCodes.USAGE);
    assertThat(out.toString()).isEmpty();
    assertThat(err.toString().lines()).singleElement().asString()
        .startsWith("tracelake: ")
        .contains("no trace of 2026-11-21", "it holds 2026-11-20", "--date");
  }
}
