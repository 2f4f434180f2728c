package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracelake.simulator.ParsedLogs.Parsed;
import io.tracelake.model.LogEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ids span} and {@code --ids request}: what the lines of every format carry, checked on the raw
 * text and by parsing the day with the config the generator wrote.
 */
class IdModesTest {
  private static final int REQUESTS = 120;
  private static final long SEED = 77L;
  /** What must not be on any application log line once markers and parent ids are gone. */
  private static final List<String> MARKERS = List.of("span_event", "span_name", "span_kind", "peer_service",
      "status_code", "parentId", "parent_id");
  private static final Set<String> ACCESS_FORMATS = Set.of("nginx", "apache", "envoy");
  private static final Pattern HEX_16 = Pattern.compile("(?<![0-9a-f])[0-9a-f]{16}(?![0-9a-f])");
  private static final Pattern HEX_32 = Pattern.compile("(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])");

  @Test
  void spanModeLinesCarryTraceAndSpanIdsAndNothingElseInEveryFormat(@TempDir Path outDir) throws IOException {
    GeneratedDay day = generate(outDir, IdMode.SPAN, ServiceFormat.preset(ServiceFormat.MIXED));
    assertNoMarkers(day);
    Map<String, JsonNode> truthSpans = new HashMap<>();
    for (JsonNode span : day.truth()) {
      truthSpans.put(span.get("trace_id").asText() + "/" + span.get("span_id").asText(), span);
    }
    Set<String> formats = new HashSet<>();
    Set<String> spansSeen = new HashSet<>();
    for (Parsed parsed : appEvents(day)) {
      LogEvent event = parsed.event();
      assertThat(event.spanId()).as("%s: %s", parsed.file(), event).isNotNull();
      JsonNode span = truthSpans.get(event.traceId() + "/" + event.spanId());
      assertThat(span).as("%s: %s", parsed.file(), event).isNotNull();
      assertThat(event.instance()).isEqualTo(span.get("instance").asText());
      assertThat(event.parentSpanId()).isNull();
      assertThat(event.requestId()).isNull();
      formats.add(parsed.format());
      spansSeen.add(event.traceId() + "/" + event.spanId());
    }
    assertThat(formats).containsExactlyInAnyOrder("logstash-json", "ecs-json", "otel-json", "bunyan-json",
        "pino-json", "pattern", "spring-boot", "logfmt");
    assertThat(spansSeen).as("every span is on its lines").isEqualTo(truthSpans.keySet());
  }

  @Test
  void requestModeLinesCarryOnlyTheTraceIdAsAUuidInEveryFormat(@TempDir Path outDir) throws IOException {
    GeneratedDay day = generate(outDir, IdMode.REQUEST, ServiceFormat.preset(ServiceFormat.MIXED));
    assertNoMarkers(day);
    assertThat(day.logFiles()).noneMatch(f -> readString(f).contains("traceparent"));
    Set<String> spanIds = day.truth().stream().map(s -> s.get("span_id").asText()).collect(Collectors.toSet());
    for (Path file : appLogFiles(day)) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String shown = line.substring(0, Math.min(line.length(), 300));
        assertThat(HEX_32.matcher(line).find()).as("a hex trace id in %s: %s", file, shown).isFalse();
        Matcher hex = HEX_16.matcher(line);
        while (hex.find()) {
          assertThat(spanIds).as("a span id in %s: %s", file, shown).doesNotContain(hex.group());
        }
      }
    }
    assertRequestIdsParseToTheTruth(day);
  }

  @Test
  void requestModeWithTheDefaultFormatMapsRequestIdInTheShopSource(@TempDir Path outDir) throws IOException {
    GeneratedDay day = generate(outDir, IdMode.REQUEST, Map.of());
    assertNoMarkers(day);
    assertThat(Files.readString(day.summary.configFile())).contains("  - name: shop\n")
        .endsWith("    fields:\n      request_id: [requestId]\n");
    assertRequestIdsParseToTheTruth(day);
  }

  /**
   * Every event's trace id is the truth's, with no span ids; each instance's events of a trace hold the
   * end message of each of its spans there: the evidence a rebuild has without span ids.
   */
  private static void assertRequestIdsParseToTheTruth(GeneratedDay day) throws IOException {
    Map<String, List<String>> messages = new HashMap<>();
    Set<String> formats = new HashSet<>();
    for (Parsed parsed : appEvents(day)) {
      LogEvent event = parsed.event();
      assertThat(event.traceId()).as("%s: %s", parsed.file(), event).isNotNull();
      assertThat(event.spanId()).isNull();
      assertThat(event.parentSpanId()).isNull();
      assertThat(event.requestId()).isEqualTo(IdMode.requestId(event.traceId()));
      messages.computeIfAbsent(event.traceId() + "@" + event.instance(), k -> new ArrayList<>())
          .add(event.message());
      formats.add(parsed.format());
    }
    Set<String> keys = new HashSet<>();
    for (JsonNode span : day.truth()) {
      String key = span.get("trace_id").asText() + "@" + span.get("instance").asText();
      keys.add(key);
      // a failure's message may go on with its stack trace
      Pattern end = Pattern.compile(Pattern.quote(span.get("name").asText())
          + "( completed in \\d+ ms$| failed: [^\n]* \\(completed in \\d+ ms\\)($|\n))");
      assertThat(messages.get(key)).as("%s", span).anyMatch(m -> end.matcher(m).lookingAt());
    }
    assertThat(messages.keySet()).isEqualTo(keys);
    assertThat(formats).isNotEmpty();
  }

  private static String readString(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static GeneratedDay generate(Path outDir, IdMode ids, Map<String, ServiceFormat> formats)
      throws IOException {
    return GeneratedDay.generate(outDir, REQUESTS, SEED, Compression.NONE, formats, Scenario.DEFAULT.withIds(ids));
  }

  private static void assertNoMarkers(GeneratedDay day) throws IOException {
    List<Path> files = appLogFiles(day);
    assertThat(files).isNotEmpty();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      for (String marker : MARKERS) {
        assertThat(text).as("%s", file).doesNotContain(marker);
      }
    }
  }

  private static List<Path> appLogFiles(GeneratedDay day) throws IOException {
    return day.logFiles().stream()
        .filter(f -> !f.getParent().getFileName().toString().equals(InstanceLogs.ACCESS_DIRECTORY)).toList();
  }

  private static List<Parsed> appEvents(GeneratedDay day) throws IOException {
    return ParsedLogs.parse(day.summary.configFile(), GeneratedDay.DATE).stream()
        .filter(p -> !ACCESS_FORMATS.contains(p.format())).toList();
  }
}
