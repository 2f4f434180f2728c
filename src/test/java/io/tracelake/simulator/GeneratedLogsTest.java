package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.trace.RebuiltTrace;
import io.tracelake.model.trace.RebuildOptions;
import io.tracelake.model.trace.TraceRebuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every ground-truth span can be rebuilt exactly from the JSON lines its instance logged. */
class GeneratedLogsTest {
  private static final List<String> LEADING_KEYS =
      List.of("@timestamp", "@version", "message", "logger_name", "thread_name", "level", "level_value",
          "traceId", "spanId");
  private static final Pattern TIMESTAMP =
      Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}(Z|[+-]\\d\\d:\\d\\d)");
  private static final Pattern COMPLETED_IN = Pattern.compile("completed in (\\d+) ms\\)?$");
  private static final Map<String, Integer> LEVEL_VALUES =
      Map.of("DEBUG", 10000, "INFO", 20000, "WARN", 30000, "ERROR", 40000);

  @TempDir
  static Path outDir;
  private static GeneratedDay day;
  /** Lines by trace id and span id. */
  private static Map<String, List<JsonNode>> linesBySpan;
  private static Map<Path, List<JsonNode>> linesByFile;

  @BeforeAll
  static void generate() throws IOException {
    day = GeneratedDay.generate(outDir, 1000, 77L, Compression.NONE);
    linesBySpan = new HashMap<>();
    linesByFile = new HashMap<>();
    for (Path file : day.logFiles()) {
      List<JsonNode> lines = GeneratedDay.readJsonLines(file);
      linesByFile.put(file, lines);
      for (JsonNode line : lines) {
        linesBySpan.computeIfAbsent(line.get("traceId").asText() + "/" + line.get("spanId").asText(),
            key -> new ArrayList<>()).add(line);
      }
    }
  }

  @Test
  void oneFilePerInstanceOfEachService() throws IOException {
    Set<String> services = new TreeSet<>();
    for (Path file : day.logFiles()) {
      String service = file.getParent().getFileName().toString();
      services.add(service);
      assertThat(file.getParent().getParent()).isEqualTo(day.logDirectory());
      assertThat(file.getFileName().toString()).matches(Pattern.quote(service) + "-[1-4]\\.log");
      for (JsonNode line : linesByFile.get(file)) {
        assertThat(line.get("app_name").asText()).isEqualTo(service);
        assertThat(line.get("HOSTNAME").asText() + ".log").isEqualTo(file.getFileName().toString());
      }
    }
    assertThat(services).containsExactlyInAnyOrderElementsOf(ShopTopology.SERVICES);
    assertThat(day.logFiles()).hasSize(day.summary.logFiles());
    assertThat(linesByFile.values().stream().mapToLong(List::size).sum()).isEqualTo(day.summary.logLines());
    assertThat(day.summary.logLines()).isBetween(40_000L, 150_000L);
  }

  @Test
  void linesRebuildEveryTruthSpan() throws IOException {
    List<JsonNode> truth = day.truth();
    assertThat(linesBySpan).hasSize(truth.size());
    for (JsonNode span : truth) {
      List<JsonNode> lines = linesBySpan.get(span.get("trace_id").asText() + "/" + span.get("span_id").asText());
      assertThat(lines).as("lines of %s", span).isNotNull().hasSizeBetween(2, 5);
      long skew = span.get("clock_skew_us").asLong();
      long start = span.get("start_us").asLong() + skew;
      long end = span.get("end_us").asLong() + skew;
      JsonNode startLine = single(lines, "start");
      JsonNode endLine = single(lines, "end");
      assertThat(micros(startLine)).isEqualTo(start);
      assertThat(micros(endLine)).isEqualTo(end);
      boolean anyError = false;
      for (JsonNode line : lines) {
        assertThat(line.get("app_name").asText()).isEqualTo(span.get("service").asText());
        assertThat(line.get("HOSTNAME").asText()).isEqualTo(span.get("instance").asText());
        if (span.get("parent_span_id").isNull()) {
          assertThat(line.has("parentId")).isFalse();
        } else {
          assertThat(line.get("parentId").asText()).isEqualTo(span.get("parent_span_id").asText());
        }
        if (line != startLine && line != endLine) {
          assertThat(line.has("span_event")).isFalse();
          assertThat(micros(line)).isGreaterThan(start).isLessThan(end);
          assertThat(line.get("level").asText()).isIn("DEBUG", "INFO", "WARN");
        }
        anyError |= line.get("level").asText().equals("ERROR");
      }
      for (JsonNode marker : List.of(startLine, endLine)) {
        assertThat(marker.get("span_name").asText()).isEqualTo(span.get("name").asText());
        assertThat(marker.get("span_kind").asText()).isEqualTo(span.get("kind").asText());
      }
      assertThat(anyError).as("ERROR line of %s", span).isEqualTo(span.get("error").asBoolean());
      assertThat(endLine.get("level").asText().equals("ERROR")).isEqualTo(span.get("error").asBoolean());
      Matcher completed = COMPLETED_IN.matcher(endLine.get("message").asText());
      assertThat(completed.find()).as(endLine.get("message").asText()).isTrue();
      long durationUs = span.get("end_us").asLong() - span.get("start_us").asLong();
      assertThat(Long.parseLong(completed.group(1))).isEqualTo(Math.round(durationUs / 1000.0));
    }
  }

  @Test
  void theRebuildRecoversTheTruthFromTheLines() throws IOException {
    Map<String, List<LogEvent>> eventsByTrace = new HashMap<>();
    for (List<JsonNode> lines : linesByFile.values()) {
      for (JsonNode line : lines) {
        eventsByTrace.computeIfAbsent(line.get("traceId").asText(), id -> new ArrayList<>()).add(toEvent(line));
      }
    }
    for (Map.Entry<String, List<JsonNode>> trace : day.truthByTrace().entrySet()) {
      RebuiltTrace rebuiltTrace = new TraceRebuilder(RebuildOptions.defaults()).rebuild(eventsByTrace.get(trace.getKey()), false);
      Map<String, Span> rebuilt = new HashMap<>();
      rebuiltTrace.spans().forEach(span -> rebuilt.put(span.spanId(), span));
      assertThat(rebuilt).hasSize(trace.getValue().size());
      for (JsonNode truth : trace.getValue()) {
        Span span = rebuilt.get(truth.get("span_id").asText());
        assertThat(span.parentSpanId()).isEqualTo(truth.get("parent_span_id").textValue());
        assertThat(span.service()).isEqualTo(truth.get("service").asText());
        assertThat(span.instance()).isEqualTo(truth.get("instance").asText());
        assertThat(span.name()).isEqualTo(truth.get("name").asText());
        assertThat(span.kind().name()).isEqualTo(truth.get("kind").asText());
        // times move onto the root host's clock; a span's duration is its own host's and exact
        assertThat(span.durationUs()).isEqualTo(truth.get("end_us").asLong() - truth.get("start_us").asLong());
        assertThat(span.error()).isEqualTo(truth.get("error").asBoolean());
      }
      assertThat(rebuiltTrace.summary().rootSpanId()).isEqualTo(trace.getValue().get(0).get("span_id").asText());
    }
  }

  @Test
  void linesLookLikeLogstashLogbackOutput() {
    for (List<JsonNode> lines : linesByFile.values()) {
      for (JsonNode line : lines) {
        List<String> keys = new ArrayList<>();
        line.fieldNames().forEachRemaining(keys::add);
        assertThat(keys.subList(0, LEADING_KEYS.size())).isEqualTo(LEADING_KEYS);
        assertThat(keys.subList(keys.size() - 2, keys.size())).containsExactly("app_name", "HOSTNAME");
        assertThat(line.get("@timestamp").asText()).matches(TIMESTAMP);
        assertThat(line.get("@version").asText()).isEqualTo("1");
        assertThat(line.get("level_value").asInt()).isEqualTo(LEVEL_VALUES.get(line.get("level").asText()));
        assertThat(line.get("traceId").asText()).matches("[0-9a-f]{32}");
        assertThat(line.get("spanId").asText()).matches("[0-9a-f]{16}");
      }
    }
  }

  @Test
  void messagesReadLikeApplicationLogs() {
    List<String> messages = new ArrayList<>();
    linesByFile.values().forEach(lines -> lines.forEach(line -> messages.add(line.get("message").asText())));
    assertThat(messages).anyMatch(m -> m.matches("Received GET /api/orders/\\d+"))
        .anyMatch(m -> m.startsWith("Calling payments POST /charge"))
        .anyMatch(m -> m.equals("Executing SELECT orders"))
        .anyMatch(m -> m.matches("Executing GET cart:\\d+"))
        .anyMatch(m -> m.equals("Publishing OrderCreated to order-events"))
        .anyMatch(m -> m.equals("Consuming OrderCreated from order-events"))
        .anyMatch(m -> m.startsWith("Retrying payments POST /charge (attempt 2 of 3)"))
        .anyMatch(m -> m.matches("POST /charge failed: .*Exception: .* \\(completed in \\d+ ms\\)"))
        .anyMatch(m -> m.contains("\"noise cancelling\"") || m.contains("チョコレート") || m.contains("café"));
  }

  @Test
  void hostsRenderTheirOwnOffsets() {
    Set<String> offsets = new TreeSet<>();
    for (List<JsonNode> lines : linesByFile.values()) {
      Set<String> fileOffsets = new TreeSet<>();
      for (JsonNode line : lines) {
        String timestamp = line.get("@timestamp").asText();
        fileOffsets.add(timestamp.substring(26));
      }
      assertThat(fileOffsets).hasSizeLessThanOrEqualTo(1);
      offsets.addAll(fileOffsets);
    }
    assertThat(offsets).contains("Z").hasSizeGreaterThan(1);
  }

  @Test
  void everyFileIsSortedByTimestamp() {
    for (Map.Entry<Path, List<JsonNode>> file : linesByFile.entrySet()) {
      long previous = Long.MIN_VALUE;
      for (JsonNode line : file.getValue()) {
        long time = micros(line);
        assertThat(time).as("%s", file.getKey()).isGreaterThanOrEqualTo(previous);
        previous = time;
      }
    }
  }

  @Test
  void writesTheConfigThatReadsTheLogs() throws IOException {
    assertThat(day.summary.configFile()).isEqualTo(outDir.resolve("tracelake.yaml"));
    assertThat(Files.readString(day.summary.configFile(), StandardCharsets.UTF_8)).isEqualTo(String.join("\n",
        "# Written by `tracelake generate`; paths are relative to this file.",
        "warehouse: warehouse",
        "sources:",
        "  - name: shop",
        "    format: logstash-json",
        "    paths:",
        "      - \"logs/{date}/*/*.log*\"",
        "    service: {field: app_name}",
        "    instance: {field: HOSTNAME}",
        ""));
  }

  private static LogEvent toEvent(JsonNode line) {
    Map<String, String> attributes = new HashMap<>();
    for (String key : List.of("span_event", "span_name", "span_kind", "peer_service", "status_code")) {
      if (line.has(key)) {
        attributes.put(key, line.get(key).asText());
      }
    }
    return new LogEvent(micros(line), line.get("level").asText(), line.get("app_name").asText(),
        line.get("HOSTNAME").asText(), line.get("logger_name").asText(), line.get("thread_name").asText(),
        line.get("message").asText(), line.get("traceId").asText(), line.get("spanId").asText(),
        line.has("parentId") ? line.get("parentId").asText() : null, attributes);
  }

  private static JsonNode single(List<JsonNode> lines, String event) {
    List<JsonNode> marked = lines.stream()
        .filter(line -> line.has("span_event") && line.get("span_event").asText().equals(event)).toList();
    assertThat(marked).hasSize(1);
    return marked.get(0);
  }

  private static long micros(JsonNode line) {
    return GeneratedDay.epochMicros(line.get("@timestamp").asText());
  }
}
