package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.tracelake.simulator.ParsedLogs.Parsed;
import io.tracelake.model.LogEvent;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --no-kinds}: services log as under a tracing agent: trace and span ids in an MDC, no kind, no
 * parent id; CLIENT spans between services log nothing, so a line names a SERVER or INTERNAL span; and
 * handlers run inside nested INTERNAL spans, so several spans of one host overlap a child.
 */
class NoKindsTest {
  private static final Scenario NO_KINDS = Scenario.DEFAULT.withNoKinds(true);

  @TempDir
  static Path outDir;
  private static GeneratedDay day;
  private static List<JsonNode> truth;
  private static Map<String, JsonNode> byId;
  private static Map<String, List<JsonNode>> linesBySpan;

  @BeforeAll
  static void generate() throws IOException {
    day = GeneratedDay.generate(outDir, 200, 29L, Compression.NONE, Map.of(), NO_KINDS);
    truth = day.truth();
    byId = new HashMap<>();
    truth.forEach(span -> byId.put(span.get("span_id").asText(), span));
    linesBySpan = new HashMap<>();
    for (JsonNode line : day.jsonAppLines()) {
      linesBySpan.computeIfAbsent(line.get("spanId").asText(), id -> new ArrayList<>()).add(line);
    }
  }

  @Test
  void linesCarryTraceAndSpanIdsButNoKindOrParent() throws IOException {
    List<JsonNode> lines = day.jsonAppLines();
    assertThat(lines).hasSizeGreaterThan(1000).allSatisfy(line -> {
      assertThat(line.has("traceId") && line.has("spanId")).as("%s", line).isTrue();
      assertThat(line.has("parentId") || line.has("span_kind") || line.has("span_event")).as("%s", line).isFalse();
    });
    JsonNode summary = day.summaryFile();
    assertThat(summary.at("/options/no_kinds").asBoolean()).isTrue();
    assertThat(summary.at("/options/ids").asText()).isEqualTo("span");
    assertThat(NO_KINDS.ids()).isEqualTo(IdMode.SPAN);
  }

  @Test
  void clientSpansBetweenServicesLogNothingAndTheCallerLogsTheCall() throws IOException {
    long unlogged = 0;
    for (JsonNode span : truth) {
      boolean betweenServices = span.get("kind").asText().equals("CLIENT")
          && ShopTopology.SERVICES.contains(span.get("peer_service").asText());
      assertThat(span.get("logged").asText()).as("%s", span).isEqualTo(betweenServices ? "none" : "app");
      if (!betweenServices) {
        continue;
      }
      unlogged++;
      assertThat(linesBySpan).doesNotContainKey(span.get("span_id").asText());
      JsonNode caller = byId.get(span.get("parent_span_id").asText());
      assertThat(caller.get("kind").asText()).isIn("SERVER", "INTERNAL", "CONSUMER");
      long callTime = span.get("start_us").asLong() + span.get("clock_skew_us").asLong();
      assertThat(linesBySpan.get(caller.get("span_id").asText()))
          .anySatisfy(line -> {
            assertThat(line.get("message").asText())
                .startsWith("Calling " + span.get("peer_service").asText() + " ");
            assertThat(GeneratedDay.epochMicros(line.get("@timestamp").asText())).isEqualTo(callTime);
          });
    }
    assertThat(unlogged).isPositive().isEqualTo(day.summaryFile().get("unlogged_spans").asLong());
  }

  @Test
  void mostLinesNameAServerOrInternalSpan() {
    long handlerLines = 0;
    long lines = 0;
    for (Map.Entry<String, List<JsonNode>> span : linesBySpan.entrySet()) {
      String kind = byId.get(span.getKey()).get("kind").asText();
      lines += span.getValue().size();
      handlerLines += kind.equals("SERVER") || kind.equals("INTERNAL") ? span.getValue().size() : 0;
    }
    assertThat((double) handlerLines / lines).isGreaterThan(0.5);
  }

  @Test
  void handlersRunInNestedInternalSpansOnTheirHost() {
    long nested = 0;
    long remoteChildrenOfInternal = 0;
    for (JsonNode span : truth) {
      // the same-host spans around it, innermost first
      List<JsonNode> around = new ArrayList<>();
      JsonNode parent = parentOf(span);
      while (parent != null && parent.get("instance").asText().equals(span.get("instance").asText())) {
        around.add(parent);
        parent = parentOf(parent);
      }
      if (around.size() >= 3 && around.get(0).get("kind").asText().equals("INTERNAL")
          && around.get(1).get("kind").asText().equals("INTERNAL")) {
        nested++;
        for (JsonNode outer : around) {
          assertThat(outer.get("start_us").asLong()).isLessThan(span.get("start_us").asLong());
          assertThat(outer.get("end_us").asLong()).isGreaterThan(span.get("end_us").asLong());
        }
      }
      // a server whose nearest logged ancestor, on the caller's host, is an INTERNAL span
      JsonNode client = parentOf(span);
      if (span.get("kind").asText().equals("SERVER") && client != null
          && parentOf(client).get("kind").asText().equals("INTERNAL")) {
        remoteChildrenOfInternal++;
      }
    }
    assertThat(nested).isGreaterThan(100);
    assertThat(remoteChildrenOfInternal).isGreaterThan(100);
    assertThat(truth).anySatisfy(span -> assertThat(span.get("name").asText()).isEqualTo("ProductController.getProducts"));
  }

  @Test
  void everyFormatParsesWithoutParentIds(@TempDir Path mixedDir) throws IOException {
    GeneratedDay mixed = GeneratedDay.generate(mixedDir, 60, 29L, Compression.NONE,
        ServiceFormat.preset(ServiceFormat.MIXED), NO_KINDS);
    List<Parsed> events = ParsedLogs.parse(mixed.summary.configFile(), GeneratedDay.DATE);
    List<LogEvent> appEvents = events.stream().filter(p -> !p.source().endsWith("-access")).map(Parsed::event)
        .toList();
    assertThat(appEvents).hasSizeGreaterThan(500).allSatisfy(event -> {
      assertThat(event.traceId()).isNotNull();
      assertThat(event.spanId()).isNotNull();
      assertThat(event.parentSpanId()).isNull();
    });
  }

  @Test
  void requestIdsAloneHaveNoSpanToName() {
    assertThatThrownBy(() -> Scenario.DEFAULT.withIds(IdMode.REQUEST).withNoKinds(true))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--no-kinds")
        .hasMessageContaining("drop --ids request");
  }

  private static JsonNode parentOf(JsonNode span) {
    return span.get("parent_span_id").isNull() ? null : byId.get(span.get("parent_span_id").asText());
  }
}
