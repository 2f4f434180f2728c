package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Options added to the generator are off by default and leave the output of every earlier option byte for
 * byte as it was. The digests below were taken from the generator before the options for real services'
 * behaviours (--no-kinds, --non-enclosing, --after-response, --repeats) existed; a change that moves them
 * changes days that users and the accuracy bench have already compared against.
 */
class UnchangedDefaultsTest {
  private static final String DEFAULT_DAY = "688895ccee4d1ca2dc4c5535f8fcc38548d5e0376357b2ac58141d264afb93a1";
  private static final String MIXED_DAY = "33ae38d66cb4a3166d002ac47ca83b72640c140a771fbb74ac0639ceadcdebb1";
  private static final String EVERY_SCENARIO_DAY = "8b9565ac52cb024a9532963b2ea62af3832c97aa66b60a6a62449084a47f02ef";

  @Test
  void defaultOptionsWriteTheSameBytesAsBefore(@TempDir Path outDir) throws Exception {
    GeneratedDay.generate(outDir, 200, 5L, Compression.NONE);
    assertThat(digest(outDir)).isEqualTo(DEFAULT_DAY);
  }

  @Test
  void mixedFormatsWriteTheSameBytesAsBefore(@TempDir Path outDir) throws Exception {
    GeneratedDay.generate(outDir, 200, 5L, Compression.NONE, ServiceFormat.preset(ServiceFormat.MIXED));
    assertThat(digest(outDir)).isEqualTo(MIXED_DAY);
  }

  @Test
  void earlierScenariosWriteTheSameBytesAsBefore(@TempDir Path outDir) throws Exception {
    Scenario scenario = Scenario.DEFAULT.withIds(IdMode.SPAN).withSilent(Set.of("auth"))
        .withAccessLogOnly(Set.of("catalog")).withDuplicates(0.02).withMaxSkewMs(500).withAcrossMidnight(2)
        .withGiantTrace(500);
    GeneratedDay.generate(outDir, 100, 13L, Compression.NONE, ServiceFormat.preset(ServiceFormat.MIXED), scenario);
    assertThat(digest(outDir)).isEqualTo(EVERY_SCENARIO_DAY);
  }

  /** SHA-256 over every file's relative path and bytes, in name order. */
  private static String digest(Path outDir) throws IOException, NoSuchAlgorithmException {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    GeneratedDay day = GeneratedDay.at(outDir);
    for (Path file : day.files()) {
      sha.update(file.toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
      sha.update(Files.readAllBytes(outDir.resolve(file)));
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
