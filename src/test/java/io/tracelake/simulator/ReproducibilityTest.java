package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.ZstdInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same options give the same bytes; compression changes the encoding of the logs, not their content. */
class ReproducibilityTest {

  @Test
  void sameSeedGivesByteIdenticalFiles(@TempDir Path first, @TempDir Path second) throws IOException {
    GeneratedDay one = GeneratedDay.generate(first, 300, 5L, Compression.NONE);
    GeneratedDay two = GeneratedDay.generate(second, 300, 5L, Compression.NONE);
    List<Path> files = one.files();
    assertThat(files).isEqualTo(two.files()).hasSizeGreaterThan(20);
    for (Path file : files) {
      assertThat(Files.readAllBytes(first.resolve(file))).as("%s", file)
          .isEqualTo(Files.readAllBytes(second.resolve(file)));
    }
    assertThat(one.summary.logLines()).isEqualTo(two.summary.logLines());
  }

  @Test
  void sameSeedGivesByteIdenticalFilesInEveryFormat(@TempDir Path first, @TempDir Path second) throws IOException {
    Map<String, ServiceFormat> formats = ServiceFormat.preset(ServiceFormat.MIXED);
    GeneratedDay one = GeneratedDay.generate(first, 300, 5L, Compression.NONE, formats);
    GeneratedDay two = GeneratedDay.generate(second, 300, 5L, Compression.NONE, formats);
    List<Path> files = one.files();
    assertThat(files).isEqualTo(two.files()).hasSizeGreaterThan(25);
    for (Path file : files) {
      assertThat(Files.readAllBytes(first.resolve(file))).as("%s", file)
          .isEqualTo(Files.readAllBytes(second.resolve(file)));
    }
    assertThat(one.summary).isEqualTo(new GenerationSummary(300, 300, two.summary.spans(), two.summary.logLines(),
        two.summary.logEntries(), two.summary.logFiles(), one.summary.truthFile(), one.summary.configFile()));
  }

  @Test
  void anotherSeedGivesOtherTraces(@TempDir Path first, @TempDir Path second) throws IOException {
    GeneratedDay one = GeneratedDay.generate(first, 50, 5L, Compression.NONE);
    GeneratedDay two = GeneratedDay.generate(second, 50, 6L, Compression.NONE);
    assertThat(Files.readAllBytes(one.summary.truthFile())).isNotEqualTo(Files.readAllBytes(two.summary.truthFile()));
  }

  @Test
  void anotherDayWithTheSameSeedHasOtherTracesOnTheSameHosts(@TempDir Path outDir) throws IOException {
    GenerationSummary monday = new LogSimulator(
        new GeneratorOptions(outDir, LocalDate.of(2026, 11, 23), 30, 5L, Compression.NONE)).run();
    Set<String> mondayTraces = traceIds(monday.truthFile());
    Set<String> mondayHosts = hostsAndSkews(monday.truthFile());
    GenerationSummary tuesday = new LogSimulator(
        new GeneratorOptions(outDir, LocalDate.of(2026, 11, 24), 400, 5L, Compression.NONE)).run();
    assertThat(traceIds(tuesday.truthFile())).doesNotContainAnyElementsOf(mondayTraces);
    assertThat(hostsAndSkews(tuesday.truthFile())).containsAll(mondayHosts);
    assertThat(outDir.resolve("logs/2026-11-23")).isDirectory();
  }

  @Test
  void compressedLogsHoldTheSameLines(@TempDir Path root) throws IOException {
    GeneratedDay plain = GeneratedDay.generate(root.resolve("none"), 80, 11L, Compression.NONE);
    for (Compression compression : List.of(Compression.GZIP, Compression.BZIP2, Compression.ZSTD)) {
      GeneratedDay packed = GeneratedDay.generate(root.resolve(compression.name()), 80, 11L, compression);
      List<Path> plainFiles = plain.logFiles();
      List<Path> packedFiles = packed.logFiles();
      assertThat(packedFiles).hasSameSizeAs(plainFiles);
      for (int i = 0; i < plainFiles.size(); i++) {
        Path packedFile = packedFiles.get(i);
        assertThat(packedFile.getFileName().toString())
            .isEqualTo(plainFiles.get(i).getFileName() + compression.suffix());
        assertThat(decompress(packedFile, compression)).as("%s", packedFile)
            .isEqualTo(Files.readAllBytes(plainFiles.get(i)));
      }
      assertThat(Files.readAllBytes(packed.summary.truthFile()))
          .isEqualTo(Files.readAllBytes(plain.summary.truthFile()));
      assertThat(Files.readAllBytes(packed.summary.configFile()))
          .isEqualTo(Files.readAllBytes(plain.summary.configFile()));
    }
  }

  @Test
  void rerunReplacesTheLogsOfTheDay(@TempDir Path outDir) throws IOException {
    GeneratedDay.generate(outDir, 40, 1L, Compression.GZIP, ServiceFormat.preset(ServiceFormat.MIXED));
    GeneratedDay again = GeneratedDay.generate(outDir, 40, 2L, Compression.NONE);
    assertThat(again.logFiles()).hasSize(again.summary.logFiles())
        .allSatisfy(file -> assertThat(file.toString()).endsWith(".log"));
  }

  private static Set<String> traceIds(Path truthFile) throws IOException {
    return GeneratedDay.readJsonLines(truthFile).stream().map(span -> span.get("trace_id").asText())
        .collect(Collectors.toSet());
  }

  private static Set<String> hostsAndSkews(Path truthFile) throws IOException {
    return GeneratedDay.readJsonLines(truthFile).stream()
        .map(span -> span.get("instance").asText() + "@" + span.get("clock_skew_us").asLong())
        .collect(Collectors.toSet());
  }

  private static byte[] decompress(Path file, Compression compression) throws IOException {
    try (InputStream raw = Files.newInputStream(file); InputStream in = open(raw, compression)) {
      return in.readAllBytes();
    }
  }

  private static InputStream open(InputStream raw, Compression compression) throws IOException {
    return switch (compression) {
      case GZIP -> new GZIPInputStream(raw);
      case BZIP2 -> new BZip2CompressorInputStream(raw);
      case ZSTD -> new ZstdInputStream(raw);
      case NONE -> raw;
    };
  }
}
