package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --repeats}: the same ordinary line logged twice at the same instant is two real events, not a duplicate. */
class RepeatsTest {
  private static final int REQUESTS = 150;
  private static final long SEED = 17L;

  @Test
  void repeatedLinesAreIdenticalNeighboursCountedAsEntriesAndInTheTruth(@TempDir Path root) throws IOException {
    GeneratedDay day = GeneratedDay.generate(root.resolve("repeats"), REQUESTS, SEED, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withRepeats(0.2));
    JsonNode summary = day.summaryFile();
    assertThat(summary.at("/options/repeats").asDouble()).isEqualTo(0.2);

    Map<String, Long> repeatedBySpan = new HashMap<>();
    long lines = 0;
    long ordinaryLines = 0;
    for (List<String> file : day.appLogLines().values()) {
      lines += file.size();
      Set<String> seen = new HashSet<>();
      for (int i = 0; i < file.size(); i++) {
        JsonNode line = GeneratedDay.parse(file.get(i));
        if (!line.has("span_event")) {
          ordinaryLines++;
        }
        if (!seen.add(file.get(i))) {
          // byte for byte a line before it, and right after it: an ordinary line, never a span's start or end
          assertThat(file.get(i - 1)).isEqualTo(file.get(i));
          assertThat(line.has("span_event")).as(file.get(i)).isFalse();
          repeatedBySpan.merge(line.get("spanId").asText(), 1L, Long::sum);
        }
      }
    }
    long repeated = repeatedBySpan.values().stream().mapToLong(Long::longValue).sum();
    for (JsonNode span : day.truth()) {
      assertThat(span.get("repeated_lines").asLong()).as("%s", span)
          .isEqualTo(repeatedBySpan.getOrDefault(span.get("span_id").asText(), 0L));
    }
    assertThat(summary.get("repeated_lines").asLong()).isEqualTo(repeated);
    // about the share asked for, of the ordinary lines there would have been
    assertThat((double) repeated / (ordinaryLines - repeated)).isBetween(0.15, 0.25);
    // two events each, and no duplicate: logstash writes one line per entry
    assertThat(summary.get("log_entries").asLong()).isEqualTo(lines).isEqualTo(summary.get("log_lines").asLong());
    assertThat(summary.get("duplicate_entries").asLong()).isZero();
  }

  @Test
  void theTracesStayThoseOfTheDayWithoutRepeats(@TempDir Path root) throws IOException {
    GeneratedDay plain = GeneratedDay.generate(root.resolve("plain"), 60, SEED, Compression.NONE);
    GeneratedDay repeating = GeneratedDay.generate(root.resolve("repeats"), 60, SEED, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withRepeats(0.5));
    assertThat(withoutHabits(repeating.truth())).isEqualTo(plain.truth());
    assertThat(repeating.summary.logLines()).isGreaterThan(plain.summary.logLines());
  }

  @Test
  void everyFormatParsesBothLinesAsEvents(@TempDir Path outDir) throws IOException {
    GeneratedDay day = GeneratedDay.generate(outDir, 80, SEED, Compression.NONE,
        ServiceFormat.preset(ServiceFormat.MIXED), Scenario.DEFAULT.withRepeats(0.3));
    JsonNode summary = day.summaryFile();
    assertThat(summary.get("repeated_lines").asLong()).isPositive();
    List<ParsedLogs.Parsed> events = ParsedLogs.parse(day.summary.configFile(), GeneratedDay.DATE);
    assertThat((long) events.size()).isEqualTo(summary.get("log_entries").asLong());
  }

  @Test
  void rejectsSharesOutsideZeroToOne() {
    assertThatThrownBy(() -> Scenario.DEFAULT.withRepeats(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--repeats").hasMessageContaining("between 0 and 1");
    assertThatThrownBy(() -> Scenario.DEFAULT.withRepeats(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
  }

  /** Truth spans without the keys the habits of real services add. */
  static List<JsonNode> withoutHabits(List<JsonNode> truth) {
    return truth.stream().map(span -> (JsonNode) ((ObjectNode) span.deepCopy()).without(
        List.of("ids", "log_shape", "repeated_lines"))).toList();
  }
}
