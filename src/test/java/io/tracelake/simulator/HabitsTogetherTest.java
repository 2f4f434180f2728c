package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every habit of real services at once, with every earlier scenario and every format: same bytes, every line parses. */
class HabitsTogetherTest {

  @Test
  void everyHabitWithEveryScenarioIsReproducibleAndParses(@TempDir Path first, @TempDir Path second)
      throws IOException {
    Scenario scenario = Scenario.DEFAULT.withSilent(Set.of("auth")).withAccessLogOnly(Set.of("catalog"))
        .withDuplicates(0.02).withMaxSkewMs(500).withAcrossMidnight(2).withGiantTrace(1000).withNoKinds(true)
        .withNonEnclosing(0.3).withAfterResponse(0.2).withRepeats(0.05);
    GeneratedDay one = GeneratedDay.generate(first, 80, 41L, Compression.NONE, ServiceFormat.preset(ServiceFormat.MIXED),
        scenario);
    GeneratedDay two = GeneratedDay.generate(second, 80, 41L, Compression.NONE,
        ServiceFormat.preset(ServiceFormat.MIXED), scenario);
    List<Path> files = one.files();
    assertThat(files).isEqualTo(two.files()).anyMatch(f -> f.toString().contains("/worker/"));
    for (Path file : files) {
      assertThat(Files.readAllBytes(first.resolve(file))).as("%s", file)
          .isEqualTo(Files.readAllBytes(second.resolve(file)));
    }
    JsonNode summary = one.summaryFile();
    for (String count : List.of("after_response_requests", "non_enclosing_spans", "unlogged_spans", "repeated_lines")) {
      assertThat(summary.get(count).asLong()).as(count).isPositive();
    }
    // the worker gets a source of its own that reads its request id; nothing of the day is rejected
    assertThat(Files.readString(one.summary.configFile())).contains("  - name: worker\n");
    List<ParsedLogs.Parsed> events = ParsedLogs.parse(one.summary.configFile(), GeneratedDay.DATE);
    assertThat(events).anySatisfy(p -> assertThat(p.event().service()).isEqualTo(ShopTopology.WORKER));
  }
}
