package io.tracelake.jobs.cli;

import static io.tracelake.jobs.cli.CliRun.tracelake;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** parse-test shows each line as a run would write it, redacted, what it replaced, and the totals by rule. */
class ParseTestRedactionTest {

  @TempDir
  Path dir;

  private Path sample() throws IOException {
    Path sample = dir.resolve("api.log");
    Files.writeString(sample, "{\"time\":\"2026-11-20T10:00:00Z\",\"msg\":\"login of bob@example.com\","
        + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"api_key\":\"k-123\"}\n"
        + "{\"time\":\"2026-11-20T10:00:01Z\",\"msg\":\"plain\",\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\"}\n"
        + "not json, password=hunter2\n");
    return sample;
  }

  @Test
  void showsEachReplacementAndTheTotals() throws IOException {
    Path config = dir.resolve("t.yaml");
    Files.writeString(config, "warehouse: w\nsources: [{name: api, format: json, paths: [x]}]\n");
    CliRun result = tracelake("parse-test", "--config", config.toString(), "--source", "api", sample().toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("  message         login of <redacted:email>",
        "  redacted        message: email -> <redacted:email>",
        "  redacted        attributes.api_key: blocked_key -> <redacted:blocked_key>",
        "  raw: not json, password=<redacted:query_secret>",
        "  redacted        raw: query_secret -> <redacted:query_secret>",
        "redaction (mask): 3 values replaced in 2 entries (blocked_key 1, email 1, query_secret 1)")
        .doesNotContain("bob@example.com", "hunter2", "k-123");
  }

  @Test
  void offShowsTheValuesAsLogged() throws IOException {
    Path config = dir.resolve("t.yaml");
    Files.writeString(config, "warehouse: w\nsources: [{name: api, format: json, paths: [x], redaction: off}]\n");
    CliRun result = tracelake("parse-test", "--config", config.toString(), "--source", "api", sample().toString());
    assertThat(result.out()).contains("login of bob@example.com", "password=hunter2",
        "redaction: off (redaction: off in the config): values are written as logged");
  }

  @Test
  void aMissingKeyIsAOneLineConfigError() throws IOException {
    Path config = dir.resolve("t.yaml");
    Files.writeString(config, "warehouse: w\nredaction: {hash_key_env: TRACELAKE_TEST_UNSET_KEY}\n"
        + "sources: [{name: api, format: json, paths: [x]}]\n");
    CliRun run = tracelake("run", "--config", config.toString(), "--date", "2026-11-20");
    assertThat(run.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(run.err()).isEqualTo("tracelake: " + config + ": redaction.hash_key_env: environment variable "
        + "TRACELAKE_TEST_UNSET_KEY is not set; set it to the HMAC key (at least 16 bytes) before the run\n");
  }
}
