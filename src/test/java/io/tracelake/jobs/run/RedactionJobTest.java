package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day of logs full of the classic leaks (passwords in URLs, Bearer JWTs, card numbers, e-mails, AWS keys, JDBC
 * passwords, tokens) in messages, attributes, exception messages, http paths and rejected lines: with the default
 * config not one of them is in any file the run wrote (every Parquet file read back column by column, every other
 * file's bytes, gzip undone), and the run report's counts by rule are the replacements in the written tables. The
 * same day with {@code redaction: off} shows the scan finds them when they are there.
 */
class RedactionJobTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final String TRACE = "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"";

  /** The secrets planted below; none may be in the warehouse. */
  private static final List<String> SECRETS = List.of("Sup3rS3cretPw", "eyJzdWIiOiJsZWFrZWQifQ", "c2lnbmF0dXJlLWxlYWs",
      "4111111111111111", "5555 5555 5555 4444", "victim.person@example.com", "attr.user@example.org",
      "reject.user@example.net", "AKIAIOSFODNN7EXAMPLE", "bPxRfiCYEXAMPLEKEY", "JdbcPassw0rd", "AttrPassw0rd",
      "RejectPassw0rd", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "xoxb-123456789012-leakedslack",
      "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "QueryT0kenLeak", "SessionCookieLeak", "DbUrlPassLeak", "eyJzdWIiOiJsZWFrMiJ9");

  private static final List<String> JSON_LINES = List.of(
      "{\"@timestamp\":\"2026-11-20T10:00:00Z\"," + TRACE + ",\"message\":\"login of victim.person@example.com with "
          + "Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJsZWFrZWQifQ.c2lnbmF0dXJlLWxlYWs\"}",
      "{\"@timestamp\":\"2026-11-20T10:00:01Z\"," + TRACE + ",\"message\":\"charged 4111111111111111 and "
          + "5555 5555 5555 4444\",\"user_email\":\"attr.user@example.org\",\"password\":\"AttrPassw0rd\"}",
      "{\"@timestamp\":\"2026-11-20T10:00:02Z\",\"message\":\"datasource jdbc:postgresql://db/app?user=app&"
          + "password=JdbcPassw0rd ready, aws key AKIAIOSFODNN7EXAMPLE aws_secret_access_key="
          + "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\"}",
      "{\"@timestamp\":\"2026-11-20T10:00:03Z\"," + TRACE + ",\"message\":\"tokens eyJhbGciOiJub25lIn0.eyJzdWIiOiJsZWFrMiJ9.c2lnMg ghp_abcdefghijklmnopqrstuvwxyz0123456789 "
          + "xoxb-123456789012-leakedslack sk_live_4eC39HqLyjWDarjtT1zdp7dc\",\"headers\":\"Cookie: "
          + "SESSION=SessionCookieLeak\"}",
      "{\"@timestamp\":\"2026-11-20T10:00:04Z\"," + TRACE + ",\"message\":\"GET /reset?token=QueryT0kenLeak\","
          + "\"stack_trace\":\"java.sql.SQLException: cannot reach postgres://admin:DbUrlPassLeak@db:5432/app\\n\\t"
          + "at com.example.Db.open(Db.java:42)\\n\"}",
      "this is not json, password=RejectPassw0rd for reject.user@example.net",
      "{\"@timestamp\":\"2026-11-20T10:00:05Z\"," + TRACE + ",\"message\":\"a line with nothing to hide, request "
          + "123e4567-e89b-12d3-a456-426614174000 at 1764670272123\"}");

  @TempDir
  Path dir;

  private TracelakeConfig config(String redaction) throws IOException {
    Path log = dir.resolve("logs/" + DAY + "/shop/shop-1.log.gz");
    Files.createDirectories(log.getParent());
    try (var out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(log))) {
      out.write((String.join("\n", JSON_LINES) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    Path file = dir.resolve("tracelake.yaml");
    Files.writeString(file, "warehouse: warehouse\n" + redaction + "\nsources:\n"
        + "  - {name: shop, format: logstash-json, paths: ['logs/{date}/shop/*.log.gz'], service: {value: shop}}\n");
    return ConfigLoader.load(file);
  }

  @Test
  void noSecretIsInAnyWrittenFileAndTheReportCountsEveryReplacement() throws Exception {
    TracelakeConfig config = config("");
    RunReport report = new NightlyJob(spark(), config).run(DAY);
    assertThat(report.reconciled()).isTrue();
    assertThat(report.counts().rejects()).isEqualTo(1);

    String warehouse = everyFileAsText(Path.of(config.warehouse()));
    assertThat(SECRETS).allSatisfy(secret -> assertThat(warehouse).doesNotContain(secret));
    assertThat(warehouse).contains("4bf92f3577b34da6a3ce929d0e0e4736", "123e4567-e89b-12d3-a456-426614174000",
        "1764670272123", "<redacted:auth_header>", "<redacted:card_number>");

    Map<String, Long> inTables = new TreeMap<>();
    long entriesChanged = 0;
    for (var table : new io.tracelake.model.schema.Table[] {Tables.EVENTS, Tables.REJECTS}) {
      for (String row : WarehouseTables.read(spark(), config.warehouse(), table, DAY).toJSON().collectAsList()) {
        Matcher m = Pattern.compile("<redacted:([a-z_]+)>").matcher(row);
        boolean any = false;
        while (m.find()) {
          inTables.merge(m.group(1), 1L, Long::sum);
          any = true;
        }
        entriesChanged += any ? 1 : 0;
      }
    }
    RunReport.Redaction redaction = report.redaction();
    assertThat(redaction.mode()).isEqualTo("mask");
    assertThat(redaction.byRule()).isEqualTo(inTables).containsKeys("email", "auth_header", "jwt", "card_number",
        "blocked_key", "query_secret", "aws_access_key", "aws_secret_key", "github_token", "slack_token",
        "stripe_key", "url_credentials");
    assertThat(redaction.entriesChanged()).isEqualTo(entriesChanged).isEqualTo(6);
    assertThat(RunReport.fromJson(report.toJson()).redaction()).isEqualTo(redaction);
  }

  @Test
  void offWritesTheValuesAsLoggedAndTheScanSeesThem() throws Exception {
    TracelakeConfig config = config("redaction: off");
    RunReport report = new NightlyJob(spark(), config).run(DAY);
    assertThat(report.redaction().mode()).isEqualTo("off");
    assertThat(report.redaction().byRule()).isEmpty();
    String warehouse = everyFileAsText(Path.of(config.warehouse()));
    assertThat(warehouse).contains("victim.person@example.com", "AttrPassw0rd", "RejectPassw0rd", "DbUrlPassLeak");
  }

  /** Every file under {@code root}: Parquet read back with Spark, every row as JSON; others as bytes, gunzipped. */
  private String everyFileAsText(Path root) throws IOException {
    StringBuilder all = new StringBuilder();
    List<Path> files = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(root)) {
      walk.filter(Files::isRegularFile).forEach(files::add);
    }
    assertThat(files).anySatisfy(f -> assertThat(f.toString()).endsWith(".parquet"));
    for (Path file : files) {
      String name = file.getFileName().toString();
      if (name.endsWith(".parquet")) {
        for (Row row : spark().read().parquet(file.toString()).toJSON().toDF().collectAsList()) {
          all.append(row.getString(0)).append('\n');
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      if (name.endsWith(".gz")) {
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(bytes))) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          in.transferTo(out);
          bytes = out.toByteArray();
        }
      }
      all.append(new String(bytes, StandardCharsets.ISO_8859_1)).append('\n');
    }
    return all.toString();
  }
}
