package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracelake.simulator.ParsedLogs.Parsed;
import io.tracelake.parsers.PathAttribution;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Services that log nothing or only an access log, entries shipped twice, and the hosts' clocks. */
class LoggingScenariosTest {
  private static final int REQUESTS = 150;
  private static final long SEED = 31L;

  @Test
  void silentServicesWriteNoFileButTheirSpansAreInTheTruth(@TempDir Path outDir) throws IOException {
    Scenario scenario = Scenario.DEFAULT.withSilent(Set.of("inventory", "checkout"));
    GeneratedDay day = GeneratedDay.generate(outDir, REQUESTS, SEED, Compression.NONE,
        ServiceFormat.preset(ServiceFormat.MIXED), scenario);
    for (String service : List.of("inventory", "checkout")) {
      assertThat(filesOf(day, service)).as(service).isEmpty();
    }
    assertThat(filesOf(day, "gateway")).isNotEmpty();
    Map<String, List<JsonNode>> byService = day.truth().stream()
        .collect(Collectors.groupingBy(s -> s.get("service").asText()));
    for (Map.Entry<String, List<JsonNode>> service : byService.entrySet()) {
      String expected = scenario.silent().contains(service.getKey()) ? "none" : "app";
      assertThat(service.getValue()).as(service.getKey())
          .allSatisfy(span -> assertThat(span.get("logged").asText()).isEqualTo(expected));
    }
    assertThat(byService.get("inventory")).hasSizeGreaterThan(20);
    assertThat(sourceNames(day)).doesNotContain("inventory", "checkout", "checkout-access")
        .contains("gateway", "gateway-access", "cart");
    // nothing of theirs is parsed, everything else is
    List<Parsed> events = ParsedLogs.parse(day.summary.configFile(), GeneratedDay.DATE);
    assertThat(events).noneMatch(p -> Set.of("inventory", "checkout").contains(p.event().service()));
  }

  @Test
  void accessLogOnlyServicesWriteALinePerRequestServedAndNothingElse(@TempDir Path outDir) throws IOException {
    // catalog has no access log of its own: nginx's; orders keeps its apache one
    Scenario scenario = Scenario.DEFAULT.withAccessLogOnly(Set.of("catalog", "orders"));
    GeneratedDay day = GeneratedDay.generate(outDir, REQUESTS, SEED, Compression.NONE,
        ServiceFormat.preset(ServiceFormat.MIXED), scenario);
    for (String service : List.of("catalog", "orders")) {
      List<Path> files = filesOf(day, service);
      assertThat(files).as(service).isNotEmpty()
          .allSatisfy(f -> assertThat(f.getParent().getFileName().toString()).isEqualTo("access"));
      long servers = day.truth().stream().filter(s -> s.get("service").asText().equals(service)
          && s.get("kind").asText().equals("SERVER")).count();
      long lines = 0;
      for (Path file : files) {
        lines += Files.readAllLines(file).size();
      }
      assertThat(lines).as(service).isEqualTo(servers).isPositive();
    }
    for (JsonNode span : day.truth()) {
      String service = span.get("service").asText();
      String expected = !scenario.accessLogOnly().contains(service) ? "app"
          : span.get("kind").asText().equals("SERVER") ? "access" : "none";
      assertThat(span.get("logged").asText()).as("%s", span).isEqualTo(expected);
    }
    Map<String, Map<String, Object>> sources = sources(day);
    assertThat(sources).doesNotContainKeys("catalog", "orders");
    assertThat(sources.get("catalog-access")).containsEntry("format", "nginx");
    assertThat(sources.get("orders-access")).containsEntry("format", "apache");
    // nginx's $request_id is the trace id
    Set<String> traceIds = day.truthByTrace().keySet();
    List<Parsed> catalog = ParsedLogs.parse(day.summary.configFile(), GeneratedDay.DATE).stream()
        .filter(p -> p.source().equals("catalog-access")).toList();
    assertThat(catalog).isNotEmpty().allSatisfy(p -> assertThat(traceIds).contains(p.event().traceId()));
  }

  @Test
  void duplicatesAreExactCopiesRightAfterTheOriginalOrInTheResentFile(@TempDir Path root) throws IOException {
    GeneratedDay plain = GeneratedDay.generate(root.resolve("plain"), REQUESTS, SEED, Compression.NONE, Map.of(),
        Scenario.DEFAULT);
    GeneratedDay doubled = GeneratedDay.generate(root.resolve("doubled"), REQUESTS, SEED, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withDuplicates(0.05));
    long extra = 0;
    long resent = 0;
    long adjacent = 0;
    for (Path file : plain.logFiles()) {
      Path same = doubled.outDir.resolve(plain.outDir.relativize(file));
      List<String> original = Files.readAllLines(file, StandardCharsets.UTF_8);
      List<String> copy = Files.readAllLines(same, StandardCharsets.UTF_8);
      // the copies right after their original aside, the file is the one written without duplicates
      int next = 0;
      for (String line : copy) {
        if (next < original.size() && original.get(next).equals(line)) {
          next++;
        } else {
          assertThat(next).as("%s: a line that is no copy of the one before", same).isPositive();
          assertThat(line).as("%s: a copy of the line before", same).isEqualTo(original.get(next - 1));
          adjacent++;
        }
      }
      assertThat(next).as("%s holds every original line", same).isEqualTo(original.size());
      Path resentFile = same.resolveSibling(same.getFileName().toString().replace(".log", "-resent.log"));
      if (Files.exists(resentFile)) {
        List<String> again = Files.readAllLines(resentFile, StandardCharsets.UTF_8);
        assertThat(original).as("%s", resentFile).containsAll(again);
        assertThat(again).as("in the order written").isSubsetOf(original);
        resent += again.size();
      }
      extra += copy.size() - original.size();
    }
    JsonNode summary = doubled.summaryFile();
    long duplicateLines = summary.get("duplicate_lines").asLong();
    assertThat(duplicateLines).isEqualTo(extra + resent).isEqualTo(summary.get("duplicate_entries").asLong());
    assertThat(doubled.summary.logLines()).isEqualTo(plain.summary.logLines() + duplicateLines);
    assertThat(adjacent).isEqualTo(extra);
    // about 5 % of entries, about half of them in the resent files
    assertThat((double) duplicateLines / plain.summary.logEntries()).isBetween(0.04, 0.06);
    assertThat((double) resent / duplicateLines).isBetween(0.4, 0.6);
    assertThat(Files.readAllBytes(doubled.summary.truthFile())).isEqualTo(Files.readAllBytes(plain.summary.truthFile()));
  }

  @Test
  void duplicatesOfEveryFormatAreCountedAndReadAsTheirInstance(@TempDir Path root) throws IOException {
    Map<String, ServiceFormat> formats = ServiceFormat.preset(ServiceFormat.MIXED);
    GeneratedDay plain = GeneratedDay.generate(root.resolve("plain"), REQUESTS, SEED, Compression.GZIP, formats,
        Scenario.DEFAULT);
    GeneratedDay doubled = GeneratedDay.generate(root.resolve("doubled"), REQUESTS, SEED, Compression.GZIP, formats,
        Scenario.DEFAULT.withDuplicates(0.1));
    JsonNode summary = doubled.summaryFile();
    long duplicateLines = summary.get("duplicate_lines").asLong();
    assertThat(summary.get("duplicate_entries").asLong()).isPositive().isLessThan(duplicateLines);
    assertThat(doubled.summary.logLines()).isEqualTo(plain.summary.logLines() + duplicateLines);
    assertThat(doubled.summary.logEntries()).isEqualTo(plain.summary.logEntries());
    List<Path> resentFiles = doubled.logFiles().stream().filter(f -> f.toString().endsWith("-resent.log.gz")).toList();
    assertThat(resentFiles).hasSizeGreaterThan(20);
    // the generated config reads a resent file as the instance it comes from, through the same source
    List<Parsed> events = ParsedLogs.parse(doubled.summary.configFile(), GeneratedDay.DATE);
    Map<Path, Long> perFile = events.stream().collect(Collectors.groupingBy(Parsed::file, Collectors.counting()));
    for (Path file : resentFiles) {
      String instance = file.getFileName().toString().replace("-resent.log.gz", "");
      assertThat(perFile).containsKey(file);
      assertThat(events.stream().filter(p -> p.file().equals(file)))
          .allSatisfy(p -> assertThat(p.event().instance()).isEqualTo(instance));
    }
    String config = Files.readString(doubled.summary.configFile());
    String instancePath = config.lines().filter(l -> l.contains("instance: {path:")).findFirst().orElseThrow();
    String regex = instancePath.substring(instancePath.indexOf('\'') + 1, instancePath.lastIndexOf('\''));
    assertThat(PathAttribution.compile(regex).valueFor("/x/logs/2026-11-20/cart/cart-2-resent.log.gz"))
        .isEqualTo("cart-2");
    assertThat(PathAttribution.compile(regex).valueFor("/x/logs/2026-11-20/cart/cart-2.log")).isEqualTo("cart-2");
  }

  @Test
  void maxSkewBoundsTheHostsClocks(@TempDir Path root) throws IOException {
    GeneratedDay perfect = GeneratedDay.generate(root.resolve("zero"), 60, SEED, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withMaxSkewMs(0));
    assertThat(perfect.truth()).allSatisfy(s -> assertThat(s.get("clock_skew_us").asLong()).isZero());
    GeneratedDay loose = GeneratedDay.generate(root.resolve("loose"), 60, SEED, Compression.NONE, Map.of(),
        Scenario.DEFAULT.withMaxSkewMs(2000));
    List<Long> skews = loose.truth().stream().map(s -> Math.abs(s.get("clock_skew_us").asLong())).distinct().toList();
    assertThat(skews).allSatisfy(skew -> assertThat(skew).isLessThanOrEqualTo(2_000_000L))
        .anySatisfy(skew -> assertThat(skew).isGreaterThan(Fleet.MAX_CLOCK_SKEW_US));
    // the logs show true time plus the skew, whatever it is
    int checked = 0;
    for (Path file : loose.logFiles()) {
      if (Files.size(file) == 0) {
        continue; // an instance no request of this small day went to
      }
      checked++;
      String instance = file.getFileName().toString().replace(".log", "");
      long skew = loose.truth().stream().filter(s -> s.get("instance").asText().equals(instance)).findFirst()
          .orElseThrow().get("clock_skew_us").asLong();
      JsonNode first = GeneratedDay.parse(Files.readAllLines(file).get(0));
      long logged = GeneratedDay.epochMicros(first.get("@timestamp").asText());
      String traceId = first.get("traceId").asText();
      String spanId = first.get("spanId").asText();
      JsonNode span = loose.truth().stream().filter(s -> s.get("trace_id").asText().equals(traceId)
          && s.get("span_id").asText().equals(spanId)).findFirst().orElseThrow();
      assertThat(logged).as("%s", file).isEqualTo(span.get("start_us").asLong() + skew);
    }
    assertThat(checked).isGreaterThan(20);
  }

  private static List<Path> filesOf(GeneratedDay day, String service) throws IOException {
    Path directory = day.logDirectory().resolve(service);
    if (!Files.exists(directory)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(directory)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static List<String> sourceNames(GeneratedDay day) throws IOException {
    return new ArrayList<>(sources(day).keySet());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Map<String, Object>> sources(GeneratedDay day) throws IOException {
    Map<String, Object> yaml = new ObjectMapper(new YAMLFactory()).readValue(day.summary.configFile().toFile(),
        Map.class);
    Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
    for (Map<String, Object> source : (List<Map<String, Object>>) yaml.get("sources")) {
      byName.put((String) source.get("name"), source);
    }
    return byName;
  }
}
