package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same options give the same bytes with every scenario at once, too. */
class ScenarioReproducibilityTest {

  @Test
  void everyScenarioAtOnceGivesByteIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
    for (IdMode ids : List.of(IdMode.SPAN, IdMode.REQUEST)) {
      Scenario scenario = Scenario.DEFAULT.withIds(ids).withSilent(Set.of("auth")).withAccessLogOnly(Set.of("catalog"))
          .withDuplicates(0.02).withMaxSkewMs(500).withAcrossMidnight(3).withGiantTrace(3000);
      GeneratedDay one = GeneratedDay.generate(first.resolve(ids.optionName()), 120, 13L, Compression.GZIP,
          ServiceFormat.preset(ServiceFormat.MIXED), scenario);
      GeneratedDay two = GeneratedDay.generate(second.resolve(ids.optionName()), 120, 13L, Compression.GZIP,
          ServiceFormat.preset(ServiceFormat.MIXED), scenario);
      List<Path> files = one.files();
      assertThat(files).isEqualTo(two.files()).hasSizeGreaterThan(40)
          .anyMatch(f -> f.toString().contains("2026-11-19")).anyMatch(f -> f.toString().contains("2026-11-21"))
          .anyMatch(f -> f.toString().endsWith("-resent.log.gz"));
      for (Path file : files) {
        assertThat(Files.readAllBytes(first.resolve(ids.optionName()).resolve(file))).as("%s", file)
            .isEqualTo(Files.readAllBytes(second.resolve(ids.optionName()).resolve(file)));
      }
      assertThat(one.summary).isEqualTo(new GenerationSummary(120, 127, two.summary.spans(), two.summary.logLines(),
          two.summary.logEntries(), two.summary.logFiles(), one.summary.truthFile(), one.summary.configFile()));
    }
  }
}
