package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracelake.simulator.LogEntryReader.Entry;
import io.tracelake.simulator.LogEntryReader.InnerLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every format written by every service of a small day, bare and in both envelopes: the entries read
 * back are those the summary counts, and an envelope holds exactly the lines of the bare log.
 */
class EveryFormatTest {
  private static final int REQUESTS = 60;
  private static final long SEED = 17L;

  @ParameterizedTest
  @EnumSource(AppLogFormat.class)
  void everyServiceCanWriteEveryFormatBareOrEnveloped(AppLogFormat format, @TempDir Path dir) throws IOException {
    Map<Envelope, GeneratedDay> days = new HashMap<>();
    for (Envelope envelope : Envelope.values()) {
      Map<String, ServiceFormat> formats = new HashMap<>();
      for (String service : ShopTopology.SERVICES) {
        formats.put(service, new ServiceFormat(format, envelope, null));
      }
      days.put(envelope, GeneratedDay.generate(dir.resolve(envelope.name()), REQUESTS, SEED, Compression.NONE,
          formats));
    }
    GeneratedDay bare = days.get(Envelope.NONE);
    Map<String, ZoneId> zones = zones(bare.summary.configFile());
    long entries = 0;
    for (Path file : bare.logFiles()) {
      String service = file.getParent().getFileName().toString();
      List<InnerLine> lines = LogEntryReader.unwrap(file, Envelope.NONE);
      List<Entry> read = LogEntryReader.read(lines, format, zones.get(service));
      entries += read.size();
      for (Envelope envelope : List.of(Envelope.DOCKER, Envelope.CRI)) {
        Path wrapped = days.get(envelope).outDir.resolve(bare.outDir.relativize(file));
        assertThat(LogEntryReader.unwrap(wrapped, envelope).stream().map(InnerLine::text).toList())
            .as("%s in %s", file.getFileName(), envelope).isEqualTo(Files.readAllLines(file, StandardCharsets.UTF_8));
      }
    }
    assertThat(entries).isEqualTo(bare.summary.logEntries());
    for (GeneratedDay day : days.values()) {
      assertThat(day.summary.logEntries()).isEqualTo(bare.summary.logEntries());
      assertThat(day.summary.logLines()).isGreaterThanOrEqualTo(bare.summary.logLines());
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, ZoneId> zones(Path config) throws IOException {
    Map<String, Object> yaml = new ObjectMapper(new YAMLFactory()).readValue(config.toFile(), Map.class);
    Map<String, ZoneId> zones = new HashMap<>();
    for (Map<String, Object> source : (List<Map<String, Object>>) yaml.get("sources")) {
      if (source.containsKey("timezone")) {
        zones.put((String) source.get("name"), ZoneId.of((String) source.get("timezone")));
      }
    }
    return zones;
  }
}
