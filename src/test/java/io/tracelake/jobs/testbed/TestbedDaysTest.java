package io.tracelake.jobs.testbed;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.run.RunReport;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The nightly job on each recorded day of the test bed (bench/testbed): logs written by real services under
 * the OpenTelemetry Java agent and Node SDK with Logback (logstash, pattern, ECS), pino and pino-http.
 * Every line must become an event, and the events must carry exactly the trace and span ids the agents
 * exported (the truth), service by service; the truth itself must be whole: one tree per trace.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TestbedDaysTest extends SparkTestBase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path work;

  static Stream<String> recordedDays() throws IOException, URISyntaxException {
    Path fixtures = Path.of(TestbedDaysTest.class.getResource("/testbed").toURI());
    try (Stream<Path> days = Files.list(fixtures)) {
      List<String> names = days.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
      assertThat(names).as("recorded test-bed days under src/test/resources/testbed").isNotEmpty();
      return names.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("recordedDays")
  void everyLineIsAnEventCarryingTheAgentsIds(String name) throws Exception {
    Path dir = TestbedFixtures.copy(name, work);
    JsonNode summary = JSON.readTree(dir.resolve("truth/summary.json").toFile());
    LocalDate day = LocalDate.parse(summary.get("day").asText());
    TracelakeConfig config = ConfigLoader.load(dir.resolve("tracelake.yaml"));

    RunReport report = new NightlyJob(spark(), config).run(day);

    RunReport.Counts counts = report.counts();
    assertThat(counts.rejectsByReason()).as("rejects by reason").isEmpty();
    assertThat(counts.rejects()).isZero();
    assertThat(counts.inputFiles()).isEqualTo(summary.get("files").size());
    assertThat(counts.linesRead()).isEqualTo(summary.get("log_lines").asLong());
    assertThat(counts.eventLines()).as("lines that are part of an event").isEqualTo(counts.linesRead());
    assertThat(counts.events()).as("entries (a stack trace belongs to its entry)")
        .isEqualTo(summary.get("log_entries").asLong());
    assertThat(report.reconciled()).isTrue();

    Dataset<Row> events = io.tracelake.jobs.warehouse.WarehouseTables.read(spark(), config.warehouse(), Tables.EVENTS, day);
    Dataset<Row> truth = spark().read().json(dir.resolve("truth/spans.jsonl").toString());
    Dataset<Row> logged = truth.where(col("logged").notEqual("none"));

    // the trace ids of the events are those of the traces whose spans logged, no more, no fewer
    assertDataFrameNoOrderEquals(nullable(logged.select("trace_id").distinct()),
        nullable(events.where(col("trace_id").isNotNull()).select("trace_id").distinct()));
    // and each event's span id is a span the agent exported for that trace and service
    assertDataFrameNoOrderEquals(nullable(logged.select("trace_id", "span_id", "service").distinct()),
        nullable(events.where(col("span_id").isNotNull()).select("trace_id", "span_id", "service").distinct()));
    assertThat(events.where(col("trace_id").isNotNull().and(col("span_id").isNull())).count())
        .as("events with a trace id but no span id").isZero();
  }

  @ParameterizedTest
  @MethodSource("recordedDays")
  void truthIsOneTreePerTraceOnTheRecordedDay(String name) throws Exception {
    Path dir = Path.of(TestbedDaysTest.class.getResource("/testbed/" + name).toURI());
    JsonNode summary = JSON.readTree(dir.resolve("truth/summary.json").toFile());
    Map<String, Integer> roots = new HashMap<>();
    Set<String> spanIds = new HashSet<>();
    List<JsonNode> spans = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("truth/spans.jsonl"))) {
      JsonNode span = JSON.readTree(line);
      spans.add(span);
      spanIds.add(span.get("span_id").asText());
      roots.merge(span.get("trace_id").asText(), span.get("parent_span_id").isNull() ? 1 : 0, Integer::sum);
    }
    assertThat(spans).hasSize(summary.get("spans").asInt());
    assertThat(roots).hasSize(summary.get("traces").asInt());
    assertThat(roots.values()).as("roots per trace").containsOnly(1);
    assertThat(spans).allSatisfy(span -> {
      assertThat(span.get("day").asText()).isEqualTo(summary.get("day").asText());
      assertThat(span.get("parent_span_id").isNull() || spanIds.contains(span.get("parent_span_id").asText()))
          .as("parent of %s exported", span.get("span_id")).isTrue();
    });
  }
}
