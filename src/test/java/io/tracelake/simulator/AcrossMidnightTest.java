package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --across-midnight}: requests under way at either midnight, their lines in the day of their timestamp. */
class AcrossMidnightTest {
  private static final int ACROSS = 6;
  private static final LocalDate BEFORE = GeneratedDay.DATE.minusDays(1);
  private static final LocalDate AFTER = GeneratedDay.DATE.plusDays(1);
  private static final long DAY_START_US = GeneratedDay.DATE.toEpochSecond(LocalTime.MIDNIGHT, ZoneOffset.UTC)
      * 1_000_000L;
  private static final long NEXT_DAY_START_US = DAY_START_US + 86_400_000_000L;

  @TempDir
  static Path outDir;
  private static GeneratedDay day;
  private static Map<String, List<JsonNode>> traces;

  @BeforeAll
  static void generate() throws IOException {
    day = GeneratedDay.generate(outDir, 100, 19L, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withAcrossMidnight(ACROSS));
    traces = day.truthByTrace();
  }

  @Test
  void theTruthHasTheRequestsUnderWayAtEitherMidnightWithTheirDay() {
    assertThat(traces).hasSize(100 + 2 * ACROSS);
    int before = 0;
    int after = 0;
    for (List<JsonNode> spans : traces.values()) {
      JsonNode root = spans.stream().filter(s -> s.get("parent_span_id").isNull()).findFirst().orElseThrow();
      long start = root.get("start_us").asLong();
      long end = spans.stream().mapToLong(s -> s.get("end_us").asLong()).max().orElseThrow();
      String rootDay = LocalDate.ofEpochDay(Math.floorDiv(start, 86_400_000_000L)).toString();
      assertThat(spans).allSatisfy(s -> assertThat(s.get("day").asText()).isEqualTo(rootDay));
      if (start < DAY_START_US) {
        before++;
        assertThat(rootDay).isEqualTo(BEFORE.toString());
        assertThat(end).isGreaterThan(DAY_START_US);
        assertThat(DAY_START_US - start).as("starts in the last instants of the day before").isLessThan(10_000_000L);
      } else if (end > NEXT_DAY_START_US) {
        after++;
        assertThat(rootDay).isEqualTo(GeneratedDay.DATE.toString());
        assertThat(NEXT_DAY_START_US - start).isPositive().isLessThan(10_000_000L);
      } else {
        assertThat(rootDay).isEqualTo(GeneratedDay.DATE.toString());
      }
    }
    assertThat(before).isEqualTo(ACROSS);
    assertThat(after).isEqualTo(ACROSS);
  }

  @Test
  void everyLineIsInTheDirectoryOfItsTimestampsDay() throws IOException {
    Map<String, Long> linesByDay = new TreeMap<>();
    Map<String, Integer> traceDays = new HashMap<>();
    try (Stream<Path> walk = Files.walk(outDir.resolve("logs"))) {
      for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
        String directoryDay = outDir.resolve("logs").relativize(file).getName(0).toString();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
          JsonNode entry = GeneratedDay.parse(line);
          long time = GeneratedDay.epochMicros(entry.get("@timestamp").asText());
          assertThat(LocalDate.ofEpochDay(Math.floorDiv(time, 86_400_000_000L)).toString()).as("%s", file)
              .isEqualTo(directoryDay);
          linesByDay.merge(directoryDay, 1L, Long::sum);
          traceDays.merge(entry.get("traceId").asText() + "@" + directoryDay, 1, Integer::sum);
        }
      }
    }
    assertThat(linesByDay.keySet()).containsExactly(BEFORE.toString(), GeneratedDay.DATE.toString(),
        AFTER.toString());
    JsonNode written = day.summaryFile().get("lines_per_day");
    for (Map.Entry<String, Long> entry : linesByDay.entrySet()) {
      assertThat(written.get(entry.getKey()).asLong()).isEqualTo(entry.getValue());
    }
    // the traces that cross a midnight have lines on both sides of it
    long split = traces.keySet().stream().filter(id -> traceDays.containsKey(id + "@" + GeneratedDay.DATE)
        && (traceDays.containsKey(id + "@" + BEFORE) || traceDays.containsKey(id + "@" + AFTER))).count();
    assertThat(split).isGreaterThanOrEqualTo(ACROSS);
  }

  @Test
  void theFilesOfEveryDayHaveTheSameNamesAndTheConfigReadsThemByDate() throws IOException {
    for (LocalDate date : List.of(BEFORE, AFTER)) {
      try (Stream<Path> walk = Files.walk(outDir.resolve("logs").resolve(date.toString()))) {
        List<Path> files = walk.filter(Files::isRegularFile).toList();
        assertThat(files).isNotEmpty().allSatisfy(f -> assertThat(
            day.logDirectory().resolve(outDir.resolve("logs").resolve(date.toString()).relativize(f))).exists());
      }
      assertThat(ParsedLogs.parse(day.summary.configFile(), date)).isNotEmpty();
    }
  }
}
