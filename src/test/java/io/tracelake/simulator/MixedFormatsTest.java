package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracelake.simulator.LogEntryReader.Entry;
import io.tracelake.simulator.LogEntryReader.InnerLine;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One day with the {@code mixed} preset: every format, envelope and access log at once. Its files are
 * read back with simple regular expressions and Jackson, and checked against the truth and the config.
 */
class MixedFormatsTest {
  private static final int REQUESTS = 1200;
  private static final long SEED = 4242L;
  private static final Pattern NGINX = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+) - - \\[([^\\]]+)\\] "
      + "\"([A-Z]+) (\\S+) HTTP/1\\.1\" (\\d{3}) (\\d+) \"([^\"]*)\" \"([^\"]+)\" ([0-9a-f]{32}) (\\d+\\.\\d{3}) "
      + "(\\d+\\.\\d{3})");
  private static final Pattern APACHE = Pattern.compile("(\\d+\\.\\d+\\.\\d+\\.\\d+) - - \\[([^\\]]+)\\] "
      + "\"([A-Z]+) (\\S+) HTTP/1\\.1\" (\\d{3}) (\\d+|-) \"([^\"]*)\" \"([^\"]+)\" (\\d+)");
  private static final Pattern ENVOY = Pattern.compile("\\[(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z)\\] "
      + "\"([A-Z]+) (\\S+) HTTP/1\\.1\" (\\d{3}) - (\\d+) (\\d+) (\\d+) (\\d+) \"-\" \"([^\"]+)\" "
      + "\"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\" \"([a-z]+:8080)\" "
      + "\"127\\.0\\.0\\.1:8080\"");
  private static final DateTimeFormatter COMMON_LOG_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  @TempDir
  static Path outDir;
  private static GeneratedDay day;
  private static Map<String, ServiceFormat> formats;
  private static List<Map<String, Object>> sources;
  /** Truth spans by instance. */
  private static Map<String, List<JsonNode>> truthByInstance;
  /** Application log entries by file. */
  private static Map<Path, List<Entry>> entriesByFile;
  /** Access log lines by file. */
  private static Map<Path, List<String>> accessLines;
  private static long physicalLines;
  private static long foldedLines;

  @BeforeAll
  static void generate() throws IOException {
    formats = ServiceFormat.preset(ServiceFormat.MIXED);
    day = GeneratedDay.generate(outDir.resolve("mixed"), REQUESTS, SEED, Compression.NONE, formats);
    sources = readSources(day.summary.configFile());
    truthByInstance = new HashMap<>();
    for (JsonNode span : day.truth()) {
      truthByInstance.computeIfAbsent(span.get("instance").asText(), i -> new ArrayList<>()).add(span);
    }
    entriesByFile = new LinkedHashMap<>();
    accessLines = new LinkedHashMap<>();
    for (Path file : day.logFiles()) {
      physicalLines += countNewlines(file);
      String service = serviceOf(file);
      ServiceFormat format = formats.get(service);
      if (isAccessLog(file)) {
        accessLines.put(file, Files.readAllLines(file, StandardCharsets.UTF_8));
        continue;
      }
      List<InnerLine> inner = LogEntryReader.unwrap(file, format.envelope());
      List<Entry> entries = LogEntryReader.read(inner, format.format(), zoneOf(service));
      entriesByFile.put(file, entries);
      for (InnerLine line : inner) {
        foldedLines += line.pieces() - 1;
      }
      for (Entry entry : entries) {
        foldedLines += entry.continuation().size();
      }
    }
  }

  @Test
  void thePresetGivesEveryFormatEnvelopeAndAccessLogToSomeService() {
    assertThat(formats.keySet()).containsExactlyInAnyOrderElementsOf(ShopTopology.SERVICES);
    assertThat(formats.values().stream().map(ServiceFormat::format).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(AppLogFormat.values());
    assertThat(formats.values().stream().map(f -> f.format().configName()).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("logstash-json", "ecs-json", "otel-json", "bunyan-json", "pino-json", "pattern",
            "spring-boot", "logfmt");
    assertThat(formats.values().stream().map(ServiceFormat::envelope).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Envelope.values());
    assertThat(formats.values().stream().map(ServiceFormat::accessLog).filter(a -> a != null)
        .collect(Collectors.toSet())).containsExactlyInAnyOrder(AccessLogFormat.values());
    // access logs only where there are requests to log
    formats.forEach((service, format) -> {
      if (format.accessLog() != null) {
        assertThat(service).isNotEqualTo("notifications");
      }
    });
  }

  @Test
  void theConfigDescribesEveryServicesFormat() {
    Map<String, Map<String, Object>> byName = new HashMap<>();
    sources.forEach(source -> byName.put((String) source.get("name"), source));
    for (String service : ShopTopology.SERVICES) {
      ServiceFormat format = formats.get(service);
      Map<String, Object> source = byName.get(service);
      assertThat(source).as(service).isNotNull();
      assertThat(source.get("format")).isEqualTo(format.format().configName());
      assertThat(source.get("envelope")).isEqualTo(format.envelope().configName());
      assertThat(source.containsKey("timezone")).as(service).isEqualTo(!format.format().zoned());
      if (format.format() == AppLogFormat.PATTERN) {
        assertThat(source.get("pattern")).isEqualTo(PatternLineEncoder.LAYOUT);
      } else if (format.format() == AppLogFormat.PYTHON) {
        assertThat(source.get("pattern")).isEqualTo(PythonLineEncoder.layout(service));
      } else {
        assertThat(source).doesNotContainKey("pattern");
      }
      assertThat(source.get("service")).isIn(Map.of("value", service), Map.of("field", "app_name"));
      Map<String, Object> access = byName.get(service + "-access");
      if (format.accessLog() == null) {
        assertThat(access).isNull();
      } else {
        assertThat(access.get("format")).isEqualTo(format.accessLog().configName());
        assertThat(access.get("service")).isEqualTo(Map.of("value", service));
      }
    }
    assertThat(sources).hasSize(ShopTopology.SERVICES.size() + 3);
  }

  @Test
  void everyFileBelongsToExactlyOneSourceOfTheConfig() throws IOException {
    Map<String, Integer> filesPerSource = new HashMap<>();
    for (Path file : day.logFiles()) {
      String relative = day.outDir.relativize(file).toString();
      List<String> matching = new ArrayList<>();
      for (Map<String, Object> source : sources) {
        for (Object glob : (List<?>) source.get("paths")) {
          if (globMatches((String) glob, relative)) {
            matching.add((String) source.get("name"));
          }
        }
      }
      assertThat(matching).as(relative).hasSize(1);
      filesPerSource.merge(matching.get(0), 1, Integer::sum);
      String expected = serviceOf(file) + (isAccessLog(file) ? "-access" : "");
      assertThat(matching.get(0)).isEqualTo(expected);
      // the instance comes from the file name
      Map<String, Object> source = sources.stream().filter(s -> s.get("name").equals(expected)).findFirst()
          .orElseThrow();
      @SuppressWarnings("unchecked")
      Map<String, String> instance = (Map<String, String>) source.get("instance");
      if (instance.containsKey("path")) {
        Matcher m = Pattern.compile(instance.get("path")).matcher(file.toString());
        assertThat(m.find()).isTrue();
        assertThat(m.group(1)).isEqualTo(file.getFileName().toString().replace(".log", ""));
      }
    }
    assertThat(filesPerSource.keySet()).hasSize(sources.size());
  }

  @Test
  void entriesCarryTheIdsTimesAndParentsOfTheirInstancesSpans() {
    Set<String> formatsSeen = new TreeSet<>();
    for (Map.Entry<Path, List<Entry>> file : entriesByFile.entrySet()) {
      String instance = file.getKey().getFileName().toString().replace(".log", "");
      AppLogFormat format = formats.get(serviceOf(file.getKey())).format();
      formatsSeen.add(format.name());
      Map<String, JsonNode> truth = new HashMap<>();
      truthByInstance.getOrDefault(instance, List.of()).forEach(span -> truth.put(spanKey(span), span));
      Map<String, List<Entry>> bySpan = new HashMap<>();
      long previous = Long.MIN_VALUE;
      for (Entry entry : file.getValue()) {
        String key = entry.traceId() + "/" + entry.spanId();
        assertThat(truth).as("%s: %s", file.getKey(), key).containsKey(key);
        bySpan.computeIfAbsent(key, k -> new ArrayList<>()).add(entry);
        assertThat(entry.timestampUs()).as("%s is sorted", file.getKey()).isGreaterThanOrEqualTo(previous);
        previous = entry.timestampUs();
        if (entry.envelopeNanos() != 0) {
          // the runtime stamps a line when it reads it: a little after the service logged it
          assertThat(entry.envelopeNanos() / 1000 - entry.timestampUs()).as("%s", entry)
              .isBetween(0L, entry.precisionUs() + 1_000);
        }
      }
      assertThat(bySpan.keySet()).as("%s logs every span of its instance", file.getKey())
          .isEqualTo(truth.keySet());
      for (Map.Entry<String, List<Entry>> span : bySpan.entrySet()) {
        JsonNode truthSpan = truth.get(span.getKey());
        List<Entry> entries = span.getValue();
        long precision = entries.get(0).precisionUs();
        long skew = truthSpan.get("clock_skew_us").asLong();
        long start = Math.floorDiv(truthSpan.get("start_us").asLong() + skew, precision) * precision;
        long end = Math.floorDiv(truthSpan.get("end_us").asLong() + skew, precision) * precision;
        assertThat(entries.stream().mapToLong(Entry::timestampUs).min().getAsLong()).as("%s start", span.getKey())
            .isEqualTo(start);
        assertThat(entries.stream().mapToLong(Entry::timestampUs).max().getAsLong()).as("%s end", span.getKey())
            .isEqualTo(end);
        String parent = truthSpan.get("parent_span_id").isNull() ? "" : truthSpan.get("parent_span_id").asText();
        for (Entry entry : entries) {
          if (entry.parentId() != null) {
            assertThat(entry.parentId()).isEqualTo(parent);
          }
        }
        boolean failed = truthSpan.get("error").asBoolean();
        assertThat(entries.stream().anyMatch(e -> e.level().equals("ERROR"))).isEqualTo(failed);
        List<String> events = entries.stream().map(Entry::spanEvent).filter(e -> e != null).toList();
        if (!events.isEmpty()) {
          assertThat(events).containsExactly("start", "end");
        }
      }
    }
    assertThat(formatsSeen).hasSize(AppLogFormat.values().length);
  }

  @Test
  void errorEntriesCarryTheirException() {
    Set<AppLogFormat> withException = EnumSet.noneOf(AppLogFormat.class);
    for (Map.Entry<Path, List<Entry>> file : entriesByFile.entrySet()) {
      AppLogFormat format = formats.get(serviceOf(file.getKey())).format();
      for (Entry entry : file.getValue()) {
        List<String> trace = entry.continuation();
        if (!entry.level().equals("ERROR")) {
          assertThat(trace).isEmpty();
          continue;
        }
        assertThat(entry.message()).contains(" failed: ");
        switch (format) {
          case PATTERN:
            assertThat(trace.get(0)).matches(LogEntryReader.JAVA_THROWABLE);
            assertThat(trace.get(1)).matches(LogEntryReader.JAVA_FRAME).doesNotContain(" ~[");
            withException.add(format);
            break;
          case SPRING_BOOT:
          case SPRING_BOOT_2:
            assertThat(trace.get(0)).isEmpty();
            assertThat(trace.get(1)).matches(LogEntryReader.JAVA_THROWABLE);
            assertThat(trace.get(2)).matches(LogEntryReader.JAVA_FRAME).contains(" ~[");
            assertThat(trace.get(trace.size() - 1)).isEmpty();
            assertThat(String.join("\n", trace)).contains(format == AppLogFormat.SPRING_BOOT_2 ? "5.3.39" : "6.1.14");
            withException.add(format);
            break;
          case PYTHON:
            assertThat(trace.get(0)).isEqualTo("Traceback (most recent call last):");
            assertThat(trace.get(trace.size() - 1)).startsWith("shop.recommendations.errors.");
            withException.add(format);
            break;
          default:
            assertThat(trace).isEmpty();
        }
      }
    }
    assertThat(withException).contains(AppLogFormat.PATTERN, AppLogFormat.SPRING_BOOT, AppLogFormat.SPRING_BOOT_2);
  }

  @Test
  void jsonErrorLinesHoldTheStackTraceInTheirFormatsField() throws IOException {
    Map<AppLogFormat, Integer> errors = new HashMap<>();
    for (Path file : entriesByFile.keySet()) {
      ServiceFormat format = formats.get(serviceOf(file));
      for (InnerLine line : LogEntryReader.unwrap(file, format.envelope())) {
        String text = line.text();
        boolean error;
        switch (format.format()) {
          case LOGSTASH_JSON:
            error = text.contains("\"level\":\"ERROR\"");
            assertThat(GeneratedDay.parse(text).has("stack_trace")).isEqualTo(error);
            break;
          case ECS_JSON: {
            JsonNode node = GeneratedDay.parse(text);
            error = node.get("log.level").asText().equals("ERROR");
            assertThat(node.has("error.stack_trace")).isEqualTo(error);
            if (error) {
              assertThat(node.get("error.stack_trace").asText()).startsWith(node.get("error.type").asText() + ": ")
                  .containsPattern("\n\tat [\\w.$]+\\(");
            }
            break;
          }
          case OTEL_JSON:
            error = text.contains("\"severityText\":\"ERROR\"");
            assertThat(text.contains("{\"key\":\"exception.stacktrace\"")).isEqualTo(error);
            break;
          case BUNYAN_JSON:
          case PINO_JSON: {
            JsonNode node = GeneratedDay.parse(text);
            error = node.get("level").asInt() == 50;
            assertThat(node.has("err")).isEqualTo(error);
            if (error) {
              assertThat(node.get("err").get("stack").asText()).containsPattern("\n {4}at ");
            }
            break;
          }
          case LOGFMT:
            error = text.contains(" level=error ");
            assertThat(text.contains(" error=\"")).isEqualTo(error);
            break;
          default:
            continue;
        }
        if (error) {
          errors.merge(format.format(), 1, Integer::sum);
          assertThat(line.stream()).isIn(null, "stderr");
        } else {
          assertThat(line.stream()).isIn(null, "stdout");
        }
      }
    }
    assertThat(errors.keySet()).contains(AppLogFormat.ECS_JSON, AppLogFormat.OTEL_JSON, AppLogFormat.PINO_JSON,
        AppLogFormat.LOGFMT);
  }

  @Test
  void accessLogsHaveALinePerServerSpanOfTheirInstance() throws IOException {
    assertThat(accessLines.keySet().stream().map(MixedFormatsTest::serviceOf).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("gateway", "checkout", "orders");
    for (Map.Entry<Path, List<String>> file : accessLines.entrySet()) {
      String instance = file.getKey().getFileName().toString().replace(".log", "");
      AccessLogFormat format = formats.get(serviceOf(file.getKey())).accessLog();
      Map<String, JsonNode> serverSpans = new HashMap<>();
      for (JsonNode span : truthByInstance.getOrDefault(instance, List.of())) {
        if (span.get("kind").asText().equals("SERVER")) {
          JsonNode previous = serverSpans.put(accessKey(format, span), span);
          assertThat(previous).as("access key is unique").isNull();
        }
      }
      Set<String> seen = new HashSet<>();
      long previousEnd = Long.MIN_VALUE;
      for (String line : file.getValue()) {
        Parsed parsed = parseAccess(format, line);
        JsonNode span = serverSpans.get(parsed.key());
        assertThat(span).as("%s: %s", file.getKey(), line).isNotNull();
        assertThat(seen.add(parsed.key())).isTrue();
        long skew = span.get("clock_skew_us").asLong();
        long start = span.get("start_us").asLong() + skew;
        long end = span.get("end_us").asLong() + skew;
        long duration = end - start;
        assertThat(parsed.path()).startsWith("/");
        assertThat(span.get("name").asText()).startsWith(parsed.method() + " ");
        assertThat(parsed.status() >= 500).isEqualTo(span.get("error").asBoolean());
        assertThat(parsed.status()).isIn(200, 201, 500, 502, 503);
        switch (format) {
          case NGINX:
            assertThat(parsed.timeUs()).isEqualTo(Math.floorDiv(end, 1_000_000) * 1_000_000);
            assertThat(parsed.durationUs()).isEqualTo(duration / 1000 * 1000);
            break;
          case APACHE:
            assertThat(parsed.timeUs()).isEqualTo(Math.floorDiv(start, 1_000_000) * 1_000_000);
            assertThat(parsed.durationUs()).isEqualTo(duration);
            break;
          default:
            assertThat(parsed.timeUs()).isEqualTo(Math.floorDiv(start, 1000) * 1000);
            assertThat(parsed.durationUs()).isEqualTo(duration / 1000 * 1000);
        }
        // written when the response went out
        assertThat(end).isGreaterThanOrEqualTo(previousEnd);
        previousEnd = end;
      }
      assertThat(seen).isEqualTo(serverSpans.keySet());
    }
  }

  @Test
  void envelopesHoldExactlyTheLinesTheServicePrinted(@TempDir Path plainDir) throws IOException {
    Map<String, ServiceFormat> unwrapped = new HashMap<>();
    formats.forEach((service, format) ->
        unwrapped.put(service, new ServiceFormat(format.format(), Envelope.NONE, format.accessLog())));
    GeneratedDay plain = GeneratedDay.generate(plainDir, REQUESTS, SEED, Compression.NONE, unwrapped);
    Map<Envelope, Integer> splitLines = new HashMap<>();
    int enveloped = 0;
    for (Path file : day.logFiles()) {
      Envelope envelope = formats.get(serviceOf(file)).envelope();
      Path plainFile = plain.outDir.resolve(day.outDir.relativize(file));
      if (envelope == Envelope.NONE || isAccessLog(file)) {
        assertThat(Files.readAllBytes(plainFile)).as("%s", file).isEqualTo(Files.readAllBytes(file));
        continue;
      }
      enveloped++;
      List<InnerLine> inner = LogEntryReader.unwrap(file, envelope);
      assertThat(inner.stream().map(InnerLine::text).toList()).as("%s", file)
          .isEqualTo(Files.readAllLines(plainFile, StandardCharsets.UTF_8));
      for (InnerLine line : inner) {
        if (line.pieces() > 1) {
          splitLines.merge(envelope, 1, Integer::sum);
          assertThat(line.text().getBytes(StandardCharsets.UTF_8).length)
              .isGreaterThan(Envelope.MAX_LINE_BYTES * (line.pieces() - 1));
        } else {
          assertThat(line.text().getBytes(StandardCharsets.UTF_8).length)
              .isLessThanOrEqualTo(Envelope.MAX_LINE_BYTES);
        }
      }
    }
    assertThat(enveloped).isGreaterThanOrEqualTo(8);
    assertThat(splitLines.keySet()).containsExactlyInAnyOrder(Envelope.DOCKER, Envelope.CRI);
  }

  @Test
  void theSummaryCountsPhysicalLinesAndEntries() {
    long entries = entriesByFile.values().stream().mapToLong(List::size).sum()
        + accessLines.values().stream().mapToLong(List::size).sum();
    assertThat(day.summary.logLines()).isEqualTo(physicalLines);
    assertThat(day.summary.logEntries()).isEqualTo(entries);
    assertThat(physicalLines).isEqualTo(entries + foldedLines);
    assertThat(foldedLines).isPositive();
    assertThat(day.summary.logFiles()).isEqualTo(entriesByFile.size() + accessLines.size());
  }

  @Test
  void theTruthIsTheSameWhateverTheFormats(@TempDir Path defaultDir) throws IOException {
    GeneratedDay plain = GeneratedDay.generate(defaultDir, REQUESTS, SEED, Compression.NONE);
    assertThat(Files.readAllBytes(day.summary.truthFile())).isEqualTo(Files.readAllBytes(plain.summary.truthFile()));
    assertThat(day.summary.spans()).isEqualTo(plain.summary.spans());
  }

  private record Parsed(String key, long timeUs, String method, String path, int status, long durationUs) {}

  /** What identifies a SERVER span in an access log: its trace id (nginx, Envoy), else its start, path and duration. */
  private static String accessKey(AccessLogFormat format, JsonNode span) {
    long skew = span.get("clock_skew_us").asLong();
    long start = span.get("start_us").asLong() + skew;
    switch (format) {
      case NGINX:
        return span.get("trace_id").asText();
      case ENVOY:
        return span.get("trace_id").asText() + "@" + Math.floorDiv(start, 1000);
      default:
        return Math.floorDiv(start, 1_000_000) + " " + (span.get("end_us").asLong() - span.get("start_us").asLong());
    }
  }

  private static Parsed parseAccess(AccessLogFormat format, String line) {
    Matcher m;
    switch (format) {
      case NGINX:
        m = NGINX.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        return new Parsed(m.group(9), commonLogMicros(m.group(2)), m.group(3), m.group(4),
            Integer.parseInt(m.group(5)), Math.round(Double.parseDouble(m.group(10)) * 1000) * 1000);
      case APACHE: {
        m = APACHE.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        long time = commonLogMicros(m.group(2));
        long duration = Long.parseLong(m.group(9));
        return new Parsed(time / 1_000_000 + " " + duration, time, m.group(3), m.group(4),
            Integer.parseInt(m.group(5)), duration);
      }
      default: {
        m = ENVOY.matcher(line);
        assertThat(m.matches()).as(line).isTrue();
        long time = GeneratedDay.epochMicros(m.group(1));
        String traceId = m.group(10).replace("-", "");
        return new Parsed(traceId + "@" + time / 1000, time, m.group(2), m.group(3), Integer.parseInt(m.group(4)),
            Long.parseLong(m.group(7)) * 1000);
      }
    }
  }

  private static long commonLogMicros(String text) {
    return OffsetDateTime.parse(text, COMMON_LOG_TIME).toEpochSecond() * 1_000_000L;
  }

  private static String spanKey(JsonNode span) {
    return span.get("trace_id").asText() + "/" + span.get("span_id").asText();
  }

  private static ZoneId zoneOf(String service) {
    return sources.stream().filter(s -> s.get("name").equals(service)).findFirst()
        .map(s -> (String) s.get("timezone")).map(ZoneId::of).orElse(null);
  }

  private static String serviceOf(Path file) {
    Path parent = file.getParent();
    return (isAccessLog(file) ? parent.getParent() : parent).getFileName().toString();
  }

  private static boolean isAccessLog(Path file) {
    return file.getParent().getFileName().toString().equals(InstanceLogs.ACCESS_DIRECTORY);
  }

  /** A config path glob as Hadoop reads it: {date} is the day, * does not cross a slash. */
  private static boolean globMatches(String glob, String path) {
    String regex = Pattern.quote(glob.replace("{date}", GeneratedDay.DATE.toString())).replace("*", "\\E[^/]*\\Q");
    return path.matches(regex);
  }

  private static long countNewlines(Path file) throws IOException {
    long count = 0;
    for (byte b : Files.readAllBytes(file)) {
      if (b == '\n') {
        count++;
      }
    }
    return count;
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> readSources(Path config) throws IOException {
    Map<String, Object> yaml = new ObjectMapper(new YAMLFactory()).readValue(config.toFile(), Map.class);
    assertThat(yaml.get("warehouse")).isEqualTo("warehouse");
    return (List<Map<String, Object>>) yaml.get("sources");
  }
}
