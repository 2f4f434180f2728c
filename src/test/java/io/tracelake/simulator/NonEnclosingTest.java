package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --non-enclosing}: a share of the spans with children log lines that do not enclose them: one line
 * before the call, one line after the child returned, or a last line before the last call.
 */
class NonEnclosingTest {
  private static final double SHARE = 0.4;

  @TempDir
  static Path outDir;
  private static GeneratedDay day;
  private static List<JsonNode> truth;
  /** Lines by the span id they carry, at the host's clock. */
  private static Map<String, List<JsonNode>> linesBySpan;

  @BeforeAll
  static void generate() throws IOException {
    day = GeneratedDay.generate(outDir, 200, 23L, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withNonEnclosing(SHARE));
    truth = day.truth();
    linesBySpan = new HashMap<>();
    for (JsonNode line : day.jsonAppLines()) {
      linesBySpan.computeIfAbsent(line.get("spanId").asText(), id -> new ArrayList<>()).add(line);
    }
  }

  @Test
  void aShareOfTheSpansWithSynchronousChildrenGetsEachShape() throws IOException {
    Map<String, List<JsonNode>> children = synchronousChildren();
    Map<String, Long> shapes = new TreeMap<>();
    long eligible = 0;
    for (JsonNode span : truth) {
      String shape = span.get("log_shape").asText();
      boolean hasChildren = children.containsKey(span.get("span_id").asText());
      if (!shape.equals("enclosing")) {
        assertThat(hasChildren).as("%s", span).isTrue();
        assertThat(span.get("kind").asText()).isNotEqualTo("PRODUCER");
      }
      if (hasChildren && !span.get("kind").asText().equals("PRODUCER")) {
        eligible++;
        shapes.merge(shape, 1L, Long::sum);
      }
    }
    assertThat(shapes).containsOnlyKeys("enclosing", "one_line_before", "one_line_after", "last_line_before");
    long nonEnclosing = eligible - shapes.get("enclosing");
    assertThat((double) nonEnclosing / eligible).isBetween(SHARE - 0.05, SHARE + 0.05);
    JsonNode summary = day.summaryFile();
    assertThat(summary.at("/options/non_enclosing").asDouble()).isEqualTo(SHARE);
    assertThat(summary.get("non_enclosing_spans").asLong()).isEqualTo(nonEnclosing);
  }

  @Test
  void linesSitWhereTheShapeSays() {
    Map<String, List<JsonNode>> children = synchronousChildren();
    for (JsonNode span : truth) {
      List<JsonNode> lines = linesBySpan.getOrDefault(span.get("span_id").asText(), List.of());
      long skew = span.get("clock_skew_us").asLong();
      long start = span.get("start_us").asLong() + skew;
      long end = span.get("end_us").asLong() + skew;
      List<JsonNode> kids = children.getOrDefault(span.get("span_id").asText(), List.of());
      long firstChildStart = kids.stream().mapToLong(k -> k.get("start_us").asLong() + skew).min().orElse(end);
      long lastChildStart = kids.stream().mapToLong(k -> k.get("start_us").asLong() + skew).max().orElse(end);
      long lastChildEnd = kids.stream().mapToLong(k -> k.get("end_us").asLong() + skew).max().orElse(start);
      switch (span.get("log_shape").asText()) {
        case "one_line_before" -> {
          assertThat(lines).as("%s", span).hasSize(1);
          assertThat(lines.get(0).get("span_event").asText()).isEqualTo("start");
          assertThat(time(lines.get(0))).isEqualTo(start).isLessThan(firstChildStart);
        }
        case "one_line_after" -> {
          assertThat(lines).as("%s", span).hasSize(1);
          assertThat(lines.get(0).get("span_event").asText()).isEqualTo("end");
          assertThat(time(lines.get(0))).isEqualTo(end).isGreaterThan(lastChildEnd);
        }
        case "last_line_before" -> {
          assertThat(lines).as("%s", span).isNotEmpty()
              .noneMatch(line -> "end".equals(line.path("span_event").asText()))
              .allSatisfy(line -> assertThat(time(line)).isLessThanOrEqualTo(lastChildStart));
          assertThat(lines.get(0).get("span_event").asText()).isEqualTo("start");
        }
        default -> {
          assertThat(lines).as("%s", span).isNotEmpty();
          assertThat(lines.get(0).get("span_event").asText()).isEqualTo("start");
          assertThat(lines.get(lines.size() - 1).get("span_event").asText()).isEqualTo("end");
        }
      }
    }
  }

  @Test
  void theTracesStayThoseOfTheDayWithoutTheOption(@TempDir Path plainDir) throws IOException {
    GeneratedDay plain = GeneratedDay.generate(plainDir, 200, 23L, Compression.NONE);
    assertThat(RepeatsTest.withoutHabits(truth)).isEqualTo(plain.truth());
    assertThat(day.summary.logLines()).isLessThan(plain.summary.logLines());
  }

  @Test
  void rejectsSharesOutsideZeroToOne() {
    assertThatThrownBy(() -> Scenario.DEFAULT.withNonEnclosing(-0.1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--non-enclosing");
  }

  /** Children by parent id, leaving out those that start after their parent ended (consumers). */
  private static Map<String, List<JsonNode>> synchronousChildren() {
    Map<String, JsonNode> byId = new HashMap<>();
    truth.forEach(span -> byId.put(span.get("span_id").asText(), span));
    Map<String, List<JsonNode>> children = new HashMap<>();
    for (JsonNode span : truth) {
      JsonNode parent = span.get("parent_span_id").isNull() ? null : byId.get(span.get("parent_span_id").asText());
      if (parent != null && span.get("start_us").asLong() < parent.get("end_us").asLong()) {
        children.computeIfAbsent(parent.get("span_id").asText(), id -> new ArrayList<>()).add(span);
      }
    }
    return children;
  }

  private static long time(JsonNode line) {
    return GeneratedDay.epochMicros(line.get("@timestamp").asText());
  }
}
