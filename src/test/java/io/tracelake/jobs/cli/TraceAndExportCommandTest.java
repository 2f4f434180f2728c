package io.tracelake.jobs.cli;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.model.schema.Tables;
import io.tracelake.parsers.context.TraceIds;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.codec.SpanBytesDecoder;

/**
 * {@code tracelake trace} and {@code tracelake export} on a generated day, checked against the spans
 * and events tables; the exports are decoded with zipkin2's own decoder and into the OTLP proto messages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TraceAndExportCommandTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final String REQUEST_ID = "req-view-42";
  /** Two 128-bit traces that share their lower half, as two services with their own id generators may. */
  private static final String LOWER_HALF = "5a5a5a5a00c0ffee";
  private static final String TWIN_A = "aaaaaaaaaaaaaaaa" + LOWER_HALF;
  private static final String TWIN_B = "bbbbbbbbbbbbbbbb" + LOWER_HALF;
  /** A message far wider than any terminal, with a tab and an escape sequence in it. */
  private static final String LONG_MESSAGE = "payload\t\u001b[2J" + "x".repeat(5_000) + " END";

  @TempDir
  static Path dir;

  private String warehouse;
  /** The failed trace with the most spans: the richest waterfall. */
  private String errorTrace;

  record Result(int code, String out, String err) {}

  private static Result cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @BeforeAll
  void generateAndRunTheDay() throws IOException {
    runBefore();
    GenerationSummary generated = new LogSimulator(new GeneratorOptions(dir, DAY, 120, 5, Compression.NONE)).run();
    // a service that logs only a request id, no trace context: its trace id is the request id's hash
    Path legacy = dir.resolve("logs/" + DAY + "/legacy/legacy-1.log");
    Files.createDirectories(legacy.getParent());
    Files.writeString(legacy, "{\"@timestamp\":\"2026-11-20T10:00:00.123Z\",\"level\":\"WARN\",\"app_name\":\"legacy\","
        + "\"message\":\"slow upstream\",\"request_id\":\"" + REQUEST_ID + "\"}\n", StandardCharsets.UTF_8);
    Path twins = dir.resolve("logs/" + DAY + "/twins/twins-1.log");
    Files.createDirectories(twins.getParent());
    ObjectMapper json = new ObjectMapper();
    StringBuilder lines = new StringBuilder();
    for (String[] line : new String[][] {{"11:00:00.000", "INFO", "first twin", TWIN_A, "00000000000000a1"},
        {"11:00:00.100", "ERROR", LONG_MESSAGE, TWIN_A, "00000000000000a1"},
        {"11:00:01.000", "INFO", "second twin", TWIN_B, "00000000000000b1"}}) {
      Map<String, String> fields = new HashMap<>(Map.of("@timestamp", DAY + "T" + line[0] + "Z", "level", line[1],
          "app_name", "twins", "message", line[2], "trace_id", line[3], "span_id", line[4]));
      if (line[3].equals(TWIN_B)) {
        fields.put("user_id", "u-8412"); // an attribute only this trace's line carries
      }
      lines.append(json.writeValueAsString(fields)).append('\n');
    }
    Files.writeString(twins, lines, StandardCharsets.UTF_8);
    TracelakeConfig config = ConfigLoader.load(generated.configFile());
    new NightlyJob(spark(), config).run(DAY);
    warehouse = config.warehouse();
    errorTrace = RowView.of(Tables.TRACES, spark().read().parquet(warehouse + "/traces").where(col("error"))
        .orderBy(col("span_count").desc(), col("trace_id")).first()).string("trace_id");
  }

  private Dataset<Row> spans() {
    return spark().read().parquet(warehouse + "/spans");
  }

  /** Rows of the spans table, read by column name through the table's definition. */
  private static List<RowView> spansOf(Dataset<Row> spans) {
    return spans.collectAsList().stream().map(row -> RowView.of(Tables.SPANS, row)).toList();
  }

  @Test
  void traceShowsEverySpanOfTheTreeAndEveryLogLine() {
    Result result = cli("trace", errorTrace, "--warehouse", warehouse, "--date", DAY.toString(), "--width", "110");
    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0)).startsWith("trace " + errorTrace).contains("ERROR");
    List<Row> spans = spans().where(col("trace_id").equalTo(errorTrace)).collectAsList();
    List<String> rows = lines.stream().filter(l -> l.endsWith("|")).toList();
    assertThat(rows).hasSize(spans.size());
    assertThat(rows).allSatisfy(row -> assertThat(row.length()).isLessThanOrEqualTo(110));
    long errorSpans = spans.stream().filter(r -> r.<String>getAs("status").equals("ERROR")).count();
    assertThat(rows.stream().filter(r -> r.startsWith("!")).count()).isEqualTo(errorSpans).isPositive();
    for (Row span : spans) {
      assertThat(result.out()).contains(span.<String>getAs("service"));
    }
    long events = spark().read().parquet(warehouse + "/events").where(col("trace_id").equalTo(errorTrace)).count();
    assertThat(result.out()).contains("log lines (" + events + ")");
    assertThat(result.out()).doesNotContain("\u001b[");
  }

  @Test
  void theIdIsFoundAsAUuidInCapitalsOrAsTheRequestIdIngestHashed() {
    String uuid = (errorTrace.substring(0, 8) + "-" + errorTrace.substring(8, 12) + "-" + errorTrace.substring(12, 16)
        + "-" + errorTrace.substring(16, 20) + "-" + errorTrace.substring(20)).toUpperCase();
    Result byUuid = cli("trace", uuid, "--warehouse", warehouse);
    assertThat(byUuid.code()).as(byUuid.err()).isEqualTo(ExitCodes.OK);
    assertThat(byUuid.out()).startsWith("trace " + errorTrace);

    Result byRequestId = cli("trace", REQUEST_ID, "--warehouse", warehouse, "--from", "2026-11-19", "--to", "2026-11-21");
    assertThat(byRequestId.code()).as(byRequestId.err()).isEqualTo(ExitCodes.OK);
    assertThat(byRequestId.out()).startsWith("trace " + TraceIds.hashToTraceId(REQUEST_ID))
        .contains("legacy").contains("WARN").contains("slow upstream");
  }

  @Test
  void anUnknownTraceIsOneLineAndItsOwnExitCode() {
    Result result = cli("trace", "0123456789abcdef0123456789abcdef", "--warehouse", warehouse);
    assertThat(result.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip()).startsWith("tracelake: no trace 0123456789abcdef0123456789abcdef").doesNotContain("\n");
    // a day with no partition at all is the same answer, not an error
    assertThat(cli("trace", errorTrace, "--warehouse", warehouse, "--date", "2026-11-01").code())
        .isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(cli("trace", errorTrace, "--warehouse", warehouse, "--date", "2026-11-20", "--from", "2026-11-19",
        "--to", "2026-11-21").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void sixteenHexDigitsFindTheTraceWhoseLowerHalfTheyAreAndListEveryCandidateWhenSeveralAre() {
    Result byLowerHalf = cli("trace", errorTrace.substring(16).toUpperCase(), "--warehouse", warehouse);
    assertThat(byLowerHalf.code()).as(byLowerHalf.err()).isEqualTo(ExitCodes.OK);
    assertThat(byLowerHalf.out()).startsWith("trace " + errorTrace);

    Result ambiguous = cli("trace", LOWER_HALF, "--warehouse", warehouse, "--date", DAY.toString());
    assertThat(ambiguous.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(ambiguous.out()).isEmpty();
    assertThat(ambiguous.err().strip()).doesNotContain("\n").contains("lower half of 2 traces")
        .contains(TWIN_A).contains(TWIN_B);
    // the whole id is not ambiguous
    assertThat(cli("trace", TWIN_B, "--warehouse", warehouse).out()).startsWith("trace " + TWIN_B)
        .contains("second twin");
  }

  @Test
  void noLineIsWiderThanAskedUnlessFullIsAsked() {
    for (int width : new int[] {60, 80, 133}) {
      Result result = cli("trace", TWIN_A, "--warehouse", warehouse, "--width", String.valueOf(width));
      assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
      assertThat(result.out().lines()).allSatisfy(line -> assertThat(line.length()).as(line).isLessThanOrEqualTo(width));
      assertThat(result.out()).contains("x…").doesNotContain(" END").doesNotContain("\u001b").doesNotContain("\t");
    }
    Result full = cli("trace", TWIN_A, "--warehouse", warehouse, "--width", "80", "--full");
    assertThat(full.out()).contains("x".repeat(5_000) + " END").contains("payload ␛[2J").doesNotContain("\u001b");
  }

  /** Every parent link of the day's spans agrees with the tree columns the writer gave them. */
  @Test
  void spansCarryTheirPlaceInTheTreeSoAncestorsAreAJoin() {
    Dataset<Row> spans = spans();
    Dataset<Row> links = spans.as("c").join(spans.as("p"), col("c.trace_id").equalTo(col("p.trace_id"))
        .and(col("c.parent_span_id").equalTo(col("p.span_id"))));
    assertThat(links.count()).isGreaterThan(100);
    Dataset<Row> broken = links.where(col("c.depth").notEqual(col("p.depth").plus(1))
        .or(col("c.nested_left").leq(col("p.nested_left"))).or(col("c.nested_right").geq(col("p.nested_right")))
        .or(col("c.root_span_id").notEqual(col("p.root_span_id"))))
        .select(col("c.trace_id").as("trace_id"), col("c.span_id").as("span_id"), col("c.depth").as("depth"),
            col("p.depth").as("parent_depth"));
    assertDataFrameNoOrderEquals(broken.limit(0), broken);
    Dataset<Row> roots = spans.where(col("depth").equalTo(0));
    assertThat(roots.where(col("root_span_id").notEqual(col("span_id"))).count()).isZero();
    assertThat(roots.count()).isGreaterThanOrEqualTo(spark().read().parquet(warehouse + "/traces").count());
    // bounds of one trace never repeat
    assertThat(spans.groupBy("trace_id", "nested_left").count().where(col("count").gt(1)).count()).isZero();
  }

  @Test
  void criticalPathListsTheEndpointsThenRanksAnEndpointsOperationsByTheirShare() throws IOException {
    Result endpoints = cli("critical-path", "--warehouse", warehouse, "--date", DAY.toString(), "--json",
        "--limit", "1000");
    assertThat(endpoints.code()).as(endpoints.err()).isEqualTo(ExitCodes.OK);
    JsonNode all = new ObjectMapper().readTree(endpoints.out());
    long everyTrace = 0;
    for (JsonNode e : all) {
      everyTrace += e.get("traces").asLong();
    }
    // every trace of the day has one endpoint (its root): the endpoints' traces are the day's traces
    assertThat(everyTrace).isEqualTo(WarehouseTables.read(spark(), warehouse, Tables.TRACES, DAY).count());
    JsonNode busiest = all.get(0);
    String endpoint = busiest.get("root_service").asText() + " " + busiest.get("root_operation").asText();
    long traces = busiest.get("traces").asLong();

    Result ranked = cli("critical-path", "--warehouse", warehouse, "--date", DAY.toString(), "--endpoint", endpoint,
        "--json", "--limit", "1000");
    assertThat(ranked.code()).as(ranked.err()).isEqualTo(ExitCodes.OK);
    JsonNode operations = new ObjectMapper().readTree(ranked.out()).get("operations");
    double shares = 0;
    long previous = Long.MAX_VALUE;
    for (JsonNode operation : operations) {
      shares += operation.get("share").asDouble();
      assertThat(operation.get("critical_us").asLong()).isLessThanOrEqualTo(previous);
      previous = operation.get("critical_us").asLong();
    }
    assertThat(shares).isCloseTo(1.0, org.assertj.core.api.Assertions.within(1e-9));

    Result table = cli("critical-path", "--warehouse", warehouse, "--endpoint", endpoint, "--limit", "3");
    List<String> lines = table.out().lines().toList();
    assertThat(lines.get(0)).startsWith("critical path of " + endpoint).contains(String.format("%,d traces", traces));
    assertThat(lines).hasSize(2 + Math.min(3, operations.size()));
    assertThat(lines.get(2)).contains(operations.get(0).get("service").asText()).contains("█");

    Result unknown = cli("critical-path", "--warehouse", warehouse, "--endpoint", "no-such-service");
    assertThat(unknown.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(unknown.err().strip()).startsWith("tracelake: no critical paths of endpoint 'no-such-service'")
        .doesNotContain("\n");
  }

  @Test
  void searchFindsWhatTheTablesSayAndPrintsOneLineATrace() throws IOException {
    Result errors = cli("search", "--warehouse", warehouse, "--errors-only", "--json", "--limit", "100000");
    assertThat(errors.code()).as(errors.err()).isEqualTo(ExitCodes.OK);
    Set<String> found = new HashSet<>();
    new ObjectMapper().readTree(errors.out()).forEach(t -> found.add(t.get("trace_id").asText()));
    Dataset<Row> traces = WarehouseTables.read(spark(), warehouse, Tables.TRACES, DAY);
    assertThat(found).isEqualTo(new HashSet<>(traces.where(col("error")).select("trace_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList())).isNotEmpty();

    // a service's operation, named with an id or with its placeholder: the same traces
    io.tracelake.model.aggregate.OperationNormalizer names = io.tracelake.model.aggregate.OperationNormalizer.defaults();
    // the rebuilt spans are named by their route ('GET /products/{id}'); a user pastes a URL with the id in it
    Row withId = spans().where(col("name").contains("{id}")).orderBy("trace_id", "span_id").first();
    String service = withId.getAs("service");
    String operation = withId.<String>getAs("name");
    Set<String> expected = new HashSet<>();
    for (Row span : spans().where(col("service").equalTo(service)).collectAsList()) {
      if (names.normalize(span.<String>getAs("name")).equals(names.normalize(operation))) {
        expected.add(span.getAs("trace_id"));
      }
    }
    for (String asked : List.of(operation, operation.replace("{id}", "8412"))) {
      Result byOperation = cli("search", "--warehouse", warehouse, "--service", service, "--operation", asked,
          "--json", "--limit", "100000");
      Set<String> ids = new HashSet<>();
      new ObjectMapper().readTree(byOperation.out()).forEach(t -> ids.add(t.get("trace_id").asText()));
      assertThat(ids).as(asked).isEqualTo(expected).hasSizeGreaterThan(1);
    }

    // durations bound it, --slowest orders it, --limit cuts it and says so
    Result slow = cli("search", "--warehouse", warehouse, "--min-duration", "5", "--max-duration", "50",
        "--slowest", "--limit", "5", "--json");
    List<Long> durations = new ArrayList<>();
    new ObjectMapper().readTree(slow.out()).forEach(t -> durations.add(t.get("duration_us").asLong()));
    assertThat(durations).hasSize(5).isSortedAccordingTo(java.util.Comparator.reverseOrder())
        .allSatisfy(d -> assertThat(d).isBetween(5_000L, 50_000L));
    assertThat(durations.get(0)).isEqualTo(traces.where(col("duration_us").leq(50_000))
        .agg(org.apache.spark.sql.functions.max("duration_us")).first().getLong(0));

    Result table = cli("search", "--warehouse", warehouse, "--errors-only", "--limit", "2");
    List<String> lines = table.out().lines().toList();
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0)).startsWith("start (UTC)").contains("trace id");
    assertThat(lines.get(1)).contains("ERROR").containsPattern("[0-9a-f]{32}");
    assertThat(lines.get(3)).isEqualTo("2 traces shown; more match (--limit N for more)");

    Result byAttribute = cli("search", "--warehouse", warehouse, "--attribute", "user_id=u-8412", "--json");
    assertThat(new ObjectMapper().readTree(byAttribute.out()).findValuesAsText("trace_id")).containsExactly(TWIN_B);

    Result none = cli("search", "--warehouse", warehouse, "--service", "no-such-service");
    assertThat(none.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(none.err().strip()).startsWith("tracelake: no trace matches").doesNotContain("\n");
    assertThat(cli("search", "--warehouse", warehouse, "--attribute", "novalue").code()).isEqualTo(ExitCodes.USAGE);
  }

  @Test
  void colourWhenAsked() {
    Result result = cli("trace", errorTrace, "--warehouse", warehouse, "--color");
    assertThat(result.out()).contains("\u001b[31m");
  }

  @Test
  void zipkinExportDecodesWithZipkinsOwnDecoderToTheSpansTable() throws IOException {
    List<String> ids = spans().select("trace_id").distinct().orderBy("trace_id").limit(3).as(
        org.apache.spark.sql.Encoders.STRING()).collectAsList();
    Path ids2 = dir.resolve("ids.txt");
    Files.writeString(ids2, "# two of them\n" + ids.get(1) + "\n\n" + ids.get(2).toUpperCase() + "\n");
    Path out = dir.resolve("zipkin.json");
    Result result = cli("export", "--format", "zipkin", "--trace", ids.get(0), "--traces-file", ids2.toString(),
        "--warehouse", warehouse, "--out", out.toString());
    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);

    List<zipkin2.Span> decoded = SpanBytesDecoder.JSON_V2.decodeList(Files.readAllBytes(out));
    List<RowView> expected = spansOf(spans().where(col("trace_id").isin(ids.toArray())));
    assertThat(decoded).hasSize(expected.size());
    Map<String, zipkin2.Span> byId = decoded.stream().collect(Collectors.toMap(s -> s.traceId() + s.id(), s -> s));
    for (RowView row : expected) {
      zipkin2.Span span = byId.get(row.string("trace_id") + row.string("span_id"));
      assertThat(span).as("span %s", row.string("span_id")).isNotNull();
      assertThat(span.parentId()).isEqualTo(row.string("parent_span_id"));
      assertThat(span.name()).isEqualTo(row.string("name") == null ? null : row.string("name").toLowerCase());
      String kind = row.string("kind");
      assertThat(span.kind() == null ? "INTERNAL" : span.kind().name()).isEqualTo(kind);
      assertThat(span.localServiceName()).isEqualTo(row.string("service").toLowerCase());
      assertThat(span.remoteServiceName()).isEqualTo(row.isNull("peer_service") ? null
          : row.string("peer_service").toLowerCase());
      assertThat(span.timestampAsLong()).isEqualTo(row.timestampUs("start_time"));
      assertThat(span.durationAsLong()).isEqualTo(row.longValue("duration_us"));
      assertThat(span.tags().containsKey("error")).isEqualTo(row.string("status").equals("ERROR"));
      assertThat(span.tags().get("http.status_code")).isEqualTo(row.isNull("http_status") ? null
          : String.valueOf(row.intValue("http_status")));
    }
  }

  @Test
  void otlpExportDecodesIntoTheProtoMessagesWithTheTablesIdsAndTimes() throws IOException {
    Result result = cli("export", "--format", "otlp", "--errors-only", "--warehouse", warehouse,
        "--date", DAY.toString());
    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    ExportTraceServiceRequest request = parseOtlpJson(result.out());

    Dataset<Row> errorTraces = spark().read().parquet(warehouse + "/traces").where(col("error"));
    Set<String> expectedTraces = new HashSet<>(errorTraces.select("trace_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList());
    Map<String, RowView> expectedSpans = new HashMap<>();
    for (RowView row : spansOf(spans().where(col("trace_id").isin(expectedTraces.toArray())))) {
      expectedSpans.put(row.string("trace_id") + row.string("span_id"), row);
    }
    int spanCount = 0;
    Set<String> traces = new HashSet<>();
    for (ResourceSpans resource : request.getResourceSpansList()) {
      String service = attribute(resource.getResource().getAttributesList(), "service.name");
      for (Span span : resource.getScopeSpans(0).getSpansList()) {
        spanCount++;
        String traceId = HexFormat.of().formatHex(span.getTraceId().toByteArray());
        String spanId = HexFormat.of().formatHex(span.getSpanId().toByteArray());
        traces.add(traceId);
        RowView row = expectedSpans.get(traceId + spanId);
        assertThat(row).as("span %s %s", traceId, spanId).isNotNull();
        assertThat(service).isEqualTo(row.string("service"));
        assertThat(span.getParentSpanId().isEmpty() ? null : HexFormat.of().formatHex(span.getParentSpanId().toByteArray()))
            .isEqualTo(row.string("parent_span_id"));
        assertThat(span.getName()).isEqualTo(row.string("name") == null ? "" : row.string("name"));
        assertThat(span.getKind().name()).isEqualTo("SPAN_KIND_" + row.string("kind"));
        assertThat(span.getStartTimeUnixNano()).isEqualTo(row.timestampUs("start_time") * 1000);
        assertThat(span.getEndTimeUnixNano()).isEqualTo(row.timestampUs("end_time") * 1000);
        assertThat(span.getStatus().getCode()).isEqualTo(row.string("status").equals("ERROR")
            ? Status.StatusCode.STATUS_CODE_ERROR : Status.StatusCode.STATUS_CODE_UNSET);
      }
    }
    assertThat(traces).isEqualTo(expectedTraces).hasSizeGreaterThan(1);
    assertThat(spanCount).isEqualTo(expectedSpans.size());

    // --limit keeps the earliest traces
    Result limited = cli("export", "--format", "otlp", "--min-duration", "0", "--limit", "3", "--warehouse", warehouse);
    Set<String> limitedTraces = new HashSet<>();
    parseOtlpJson(limited.out()).getResourceSpansList().forEach(r -> r.getScopeSpans(0).getSpansList()
        .forEach(span -> limitedTraces.add(HexFormat.of().formatHex(span.getTraceId().toByteArray()))));
    assertThat(limitedTraces).isEqualTo(new HashSet<>(spark().read().parquet(warehouse + "/traces")
        .orderBy("start_time", "trace_id").limit(3).select("trace_id").as(org.apache.spark.sql.Encoders.STRING())
        .collectAsList()));
  }

  @Test
  void aFilterThatMatchesNothingIsOneLineAndItsOwnExitCode() {
    Result result = cli("export", "--format", "zipkin", "--service", "no-such-service", "--warehouse", warehouse);
    assertThat(result.code()).isEqualTo(ExitCodes.NOT_FOUND);
    assertThat(result.out()).isEmpty();
    assertThat(result.err().strip()).startsWith("tracelake: no trace matches the filter").doesNotContain("\n");
  }

  @Test
  void batchesGoToNumberedFilesThatTogetherHoldTheWholeExport() throws IOException {
    Path whole = dir.resolve("errors.json");
    Result one = cli("export", "--format", "zipkin", "--errors-only", "--warehouse", warehouse, "--out", whole.toString());
    assertThat(one.code()).as(one.err()).isEqualTo(ExitCodes.OK);
    List<zipkin2.Span> all = SpanBytesDecoder.JSON_V2.decodeList(Files.readAllBytes(whole));
    long traces = all.stream().map(zipkin2.Span::traceId).distinct().count();
    assertThat(traces).isGreaterThan(2);

    Path batched = dir.resolve("batched/errors.json");
    Files.createDirectories(batched.getParent());
    Result result = cli("export", "--format", "zipkin", "--errors-only", "--warehouse", warehouse, "--out",
        batched.toString(), "--batch-size", "2");
    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    long batches = (traces + 1) / 2;
    assertThat(result.err()).contains(traces + " traces, " + all.size() + " spans in " + batches + " batches");
    List<zipkin2.Span> union = new ArrayList<>();
    for (int i = 1; i <= batches; i++) {
      List<zipkin2.Span> batch = SpanBytesDecoder.JSON_V2.decodeList(
          Files.readAllBytes(dir.resolve(String.format("batched/errors-%05d.json", i))));
      assertThat(batch.stream().map(zipkin2.Span::traceId).distinct().count()).isBetween(1L, 2L);
      union.addAll(batch);
    }
    assertThat(dir.resolve(String.format("batched/errors-%05d.json", batches + 1))).doesNotExist();
    assertThat(new HashSet<>(union)).isEqualTo(new HashSet<>(all));
    assertThat(union).hasSameSizeAs(all);
  }

  /**
   * Failure injection over loopback: a scripted HTTP server answers 503 twice, then takes every batch; then 413;
   * then nobody listens. (The real Zipkin server is ZipkinServerIT's.)
   */
  @Test
  void postsBatchesRetryingWhatTheServerMayTakeLaterAndNotWhatItWillRefuseAgain() throws Exception {
    java.util.Deque<Integer> script = new java.util.concurrent.ConcurrentLinkedDeque<>(List.of(503, 503));
    List<String> taken = java.util.Collections.synchronizedList(new ArrayList<>());
    java.util.concurrent.atomic.AtomicInteger requests = new java.util.concurrent.atomic.AtomicInteger();
    com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
        new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/v1/traces", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      requests.incrementAndGet();
      Integer status = script.poll();
      if (status == null) {
        status = 202;
        taken.add(body);
      }
      exchange.sendResponseHeaders(status, -1);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/traces";
      Result sent = cli("export", "--format", "otlp", "--errors-only", "--warehouse", warehouse, "--post-to", url,
          "--batch-size", "3");
      assertThat(sent.code()).as(sent.err()).isEqualTo(ExitCodes.OK);
      Set<String> expected = new HashSet<>(spark().read().parquet(warehouse + "/traces").where(col("error"))
          .select("trace_id").as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
      Set<String> received = new HashSet<>();
      for (String body : taken) {
        Set<String> inBody = new HashSet<>();
        parseOtlpJson(body).getResourceSpansList().forEach(r -> r.getScopeSpans(0).getSpansList()
            .forEach(span -> inBody.add(HexFormat.of().formatHex(span.getTraceId().toByteArray()))));
        assertThat(inBody).hasSizeBetween(1, 3);
        received.addAll(inBody);
      }
      assertThat(received).isEqualTo(expected);
      assertThat(taken).hasSize((expected.size() + 2) / 3);
      assertThat(requests.get()).isEqualTo(taken.size() + 2);
      assertThat(sent.err()).contains("sent to " + url);

      script.add(413);
      int before = requests.get();
      Result refused = cli("export", "--format", "otlp", "--errors-only", "--warehouse", warehouse, "--post-to", url,
          "--retries", "2");
      assertThat(refused.code()).isEqualTo(ExitCodes.JOB_FAILED);
      assertThat(requests.get() - before).isEqualTo(1);
      assertThat(refused.err().strip()).doesNotContain("\n").contains("after 1 attempt: HTTP 413")
          .contains("smaller --batch-size");
    } finally {
      server.stop(0);
    }
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    Result down = cli("export", "--format", "zipkin", "--errors-only", "--warehouse", warehouse, "--post-to",
        "http://127.0.0.1:" + closedPort + "/api/v2/spans", "--retries", "1");
    assertThat(down.code()).isEqualTo(ExitCodes.JOB_FAILED);
    assertThat(down.err()).contains("after 2 attempts: no answer from 127.0.0.1:" + closedPort);
  }

  @Test
  void exportFiltersPickTheSameTracesAsTheTablesSay() throws IOException {
    String service = spans().where(col("kind").equalTo("SERVER")).groupBy("service").count()
        .orderBy(col("count").asc(), col("service")).first().<String>getAs("service");
    Result result = cli("export", "--format", "zipkin", "--service", service, "--min-duration", "5",
        "--start", "2026-11-20T00:00:00Z", "--end", "2026-11-21T00:00:00Z", "--warehouse", warehouse);
    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    Set<String> exported = SpanBytesDecoder.JSON_V2.decodeList(result.out().strip().getBytes(StandardCharsets.UTF_8))
        .stream().map(zipkin2.Span::traceId).collect(Collectors.toSet());
    Dataset<Row> ofService = spans().where(col("service").equalTo(service)).select("trace_id").distinct();
    Set<String> expected = new HashSet<>(spark().read().parquet(warehouse + "/traces")
        .where(col("duration_us").geq(5000)).join(ofService, "trace_id").select("trace_id")
        .as(org.apache.spark.sql.Encoders.STRING()).collectAsList());
    assertThat(expected).isNotEmpty();
    assertThat(exported).isEqualTo(expected);
  }

  /**
   * OTLP/JSON writes trace and span ids as hex strings, where protobuf's canonical JSON mapping (what
   * {@link JsonFormat} reads) expects bytes fields in base64. The OTLP spec names exactly this difference,
   * and receivers (the collector's pdata) convert the id fields before the generic decoding; so does this
   * test, on the parsed tree, for traceId, spanId and parentSpanId only. Everything else goes through
   * JsonFormat untouched, so a wrong field name, enum or int64 encoding fails the parse.
   */
  private static ExportTraceServiceRequest parseOtlpJson(String json) throws IOException {
    JsonNode tree = new ObjectMapper().readTree(json);
    hexIdsToBase64(tree);
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    JsonFormat.parser().merge(tree.toString(), request);
    return request.build();
  }

  private static void hexIdsToBase64(JsonNode node) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (String field : List.of("traceId", "spanId", "parentSpanId")) {
        JsonNode id = object.get(field);
        if (id != null && id.isTextual()) {
          assertThat(id.asText()).as(field).matches("[0-9a-f]{16}|[0-9a-f]{32}");
          object.put(field, Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id.asText())));
        }
      }
    }
    for (Iterator<JsonNode> children = node.elements(); children.hasNext(); ) {
      hexIdsToBase64(children.next());
    }
  }

  private static String attribute(List<KeyValue> attributes, String key) {
    List<String> values = new ArrayList<>();
    attributes.stream().filter(a -> a.getKey().equals(key)).forEach(a -> values.add(a.getValue().getStringValue()));
    assertThat(values).as(key).hasSize(1);
    return values.get(0);
  }
}
