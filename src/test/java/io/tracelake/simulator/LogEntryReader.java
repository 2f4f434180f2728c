package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads generated log files back the way a parser should, with simple regular expressions and Jackson:
 * unwraps Docker and CRI envelopes (joining partial pieces), folds stack traces into their entry, and
 * checks every line against a reference shape of its format on the way.
 */
final class LogEntryReader {

  /** One log entry as read back; {@code parentId} is null when absent or when the format does not carry it. */
  record Entry(long timestampUs, long precisionUs, String level, String traceId, String spanId, String parentId,
      String message, String spanEvent, List<String> continuation, String stream, long envelopeNanos) {}

  /**
   * An envelope's unwrapped line: the printed line, the stream, how many envelope lines it took and the
   * time of the first (0 without an envelope).
   */
  record InnerLine(String text, String stream, int pieces, long nanos) {}

  static final Pattern JAVA_FRAME = Pattern.compile("\tat [\\w$./<>]+\\([\\w$.]+(:\\d+)?\\)( ~\\[[^\\]]+\\])?"
      + "|\tat jdk\\.proxy2/jdk\\.proxy2\\.\\$Proxy\\d+\\.\\w+\\(Unknown Source\\)( ~\\[[^\\]]+\\])?");
  static final Pattern JAVA_THROWABLE = Pattern.compile("(Caused by: )?[a-z][\\w.]*\\.[A-Z][\\w$]*(: .*)?");
  static final Pattern JAVA_OMITTED = Pattern.compile("\t\\.\\.\\. \\d+ (common frames omitted|more)");

  private static final Pattern CRI = Pattern.compile(
      "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?(Z|[+-]\\d\\d:\\d\\d)) (stdout|stderr) ([FP]) (.*)");
  private static final Pattern DOCKER_TIME = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z");
  private static final Pattern PATTERN = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) "
      + "(DEBUG|INFO |WARN |ERROR) \\[([\\w-]+)\\] ([\\w.$]+) traceId=([0-9a-f]{32}) spanId=([0-9a-f]{16}) "
      + "parentId=([0-9a-f]{16})? - (.*)");
  private static final Pattern PYTHON = Pattern.compile("(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}) "
      + "(DEBUG|INFO|WARNING|ERROR) \\[([a-z_.]+)\\] \\[([a-z_]+\\.py):(\\d+)\\] \\[trace_id=([0-9a-f]{32}) "
      + "span_id=([0-9a-f]{16}) resource\\.service\\.name=([a-z]+) trace_sampled=True\\] - (.*)");
  private static final Pattern SPRING_BOOT = Pattern.compile(
      "(\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(?:Z|[+-]\\d\\d:\\d\\d)) "
          + "(DEBUG| INFO| WARN|ERROR) (\\d+) --- "
          + "\\[([a-z]+)\\] \\[(.{15})\\] \\[([0-9a-f]{32})-([0-9a-f]{16})\\] (.{40}) : (.*)");
  private static final Pattern SPRING_BOOT_2 = Pattern.compile(
      "(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) (DEBUG| INFO| WARN|ERROR) \\[([a-z]+),([0-9a-f]{32}),"
          + "([0-9a-f]{16})\\] (\\d+) --- \\[(.{15})\\] (.{40}) : (.*)");
  private static final Pattern LOGFMT_PAIR = Pattern.compile(
      "(\\w+)=(\"[^\"\\\\]*+(?:\\\\.[^\"\\\\]*+)*+\"|[\\w\\-./@^+]*+)( |$)");
  private static final DateTimeFormatter LOCAL_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");

  private LogEntryReader() {}

  /** The printed lines inside {@code file}, envelope removed and partial pieces joined. */
  static List<InnerLine> unwrap(Path file, Envelope envelope) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    List<InnerLine> inner = new ArrayList<>();
    if (envelope == Envelope.NONE) {
      lines.forEach(line -> inner.add(new InnerLine(line, null, 1, 0)));
      return inner;
    }
    StringBuilder pending = new StringBuilder();
    int pieces = 0;
    long firstNanos = 0;
    String previousTime = "";
    for (String line : lines) {
      String text;
      String stream;
      String time;
      boolean last;
      assertThat(line).isNotEmpty();
      if (envelope == Envelope.DOCKER) {
        JsonNode node = GeneratedDay.parse(line);
        assertThat(fieldNames(node)).containsExactly("log", "stream", "time");
        String log = node.get("log").asText();
        stream = node.get("stream").asText();
        time = node.get("time").asText();
        assertThat(time).matches(DOCKER_TIME);
        last = log.endsWith("\n");
        text = last ? log.substring(0, log.length() - 1) : log;
        assertThat(line).doesNotContain("<", ">", "&");
      } else {
        Matcher cri = CRI.matcher(line);
        assertThat(cri.matches()).as(line).isTrue();
        time = cri.group(1);
        stream = cri.group(4);
        last = cri.group(5).equals("F");
        text = cri.group(6);
        if (cri.group(2) != null) {
          assertThat(cri.group(2)).as("RFC3339Nano drops trailing zeros").doesNotEndWith("0");
        }
      }
      assertThat(stream).isIn("stdout", "stderr");
      assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(Envelope.MAX_LINE_BYTES);
      assertThat(nanos(time)).as("envelope times increase")
          .isGreaterThan(previousTime.isEmpty() ? 0 : nanos(previousTime));
      previousTime = time;
      if (!last) {
        assertThat(text.getBytes(StandardCharsets.UTF_8).length).isGreaterThan(Envelope.MAX_LINE_BYTES - 4);
      }
      if (pieces == 0) {
        firstNanos = nanos(time);
      }
      pending.append(text);
      pieces++;
      if (last) {
        inner.add(new InnerLine(pending.toString(), stream, pieces, firstNanos));
        pending.setLength(0);
        pieces = 0;
      }
    }
    assertThat(pending).as("a partial line at the end of %s", file).isEmpty();
    return inner;
  }

  /** The entries of an application log in {@code format}, read at {@code zone} where it writes no offset. */
  static List<Entry> read(List<InnerLine> lines, AppLogFormat format, ZoneId zone) {
    List<Entry> entries = new ArrayList<>();
    for (InnerLine line : lines) {
      Entry entry = parse(line, format, zone);
      if (entry != null) {
        entries.add(entry);
        continue;
      }
      assertThat(entries).as("a continuation line before any entry: %s", line.text()).isNotEmpty();
      Entry last = entries.get(entries.size() - 1);
      assertThat(continues(format, line.text())).as("%s continuation: '%s'", format, line.text()).isTrue();
      assertThat(line.stream()).isEqualTo(last.stream());
      last.continuation().add(line.text());
    }
    return entries;
  }

  private static boolean continues(AppLogFormat format, String line) {
    switch (format) {
      case PATTERN:
        return JAVA_THROWABLE.matcher(line).matches() || JAVA_FRAME.matcher(line).matches()
            || JAVA_OMITTED.matcher(line).matches();
      case SPRING_BOOT:
      case SPRING_BOOT_2:
        return line.isEmpty() || JAVA_THROWABLE.matcher(line).matches() || JAVA_FRAME.matcher(line).matches()
            || JAVA_OMITTED.matcher(line).matches();
      case PYTHON:
        return line.equals("Traceback (most recent call last):") || line.startsWith("  File \"")
            || line.startsWith("    ") || line.matches("shop\\.[a-z]+\\.errors\\.\\w+(: .*)?");
      default:
        return false;
    }
  }

  private static Entry parse(InnerLine line, AppLogFormat format, ZoneId zone) {
    String text = line.text();
    switch (format) {
      case LOGSTASH_JSON: {
        JsonNode node = GeneratedDay.parse(text);
        assertThat(fieldNames(node).subList(0, 7)).containsExactly("@timestamp", "@version", "message",
            "logger_name", "thread_name", "level", "level_value");
        return new Entry(GeneratedDay.epochMicros(node.get("@timestamp").asText()), 1, node.get("level").asText(),
            text(node, "traceId"), text(node, "spanId"), text(node, "parentId"), node.get("message").asText(),
            text(node, "span_event"), new ArrayList<>(), line.stream(), line.nanos());
      }
      case ECS_JSON: {
        JsonNode node = GeneratedDay.parse(text);
        assertThat(text).matches("\\{\"@timestamp\":\"[^\"]+Z\","
            + "\"log\\.level\":(\"DEBUG\"|\"ERROR\"| \"INFO\"| \"WARN\")"
            + ",\"message\":.*,\"ecs\\.version\": \"1\\.2\\.0\",\"service\\.name\":.*");
        assertThat(fieldNames(node)).contains("service.node.name", "event.dataset", "process.thread.name",
            "log.logger", "trace.id", "span.id");
        return new Entry(GeneratedDay.epochMicros(node.get("@timestamp").asText()), 1000,
            node.get("log.level").asText(), text(node, "trace.id"), text(node, "span.id"), null,
            node.get("message").asText(), text(node, "span_event"), new ArrayList<>(), line.stream(), line.nanos());
      }
      case OTEL_JSON: {
        JsonNode node = GeneratedDay.parse(text);
        assertThat(fieldNames(node)).containsExactly("resourceLogs");
        JsonNode resource = node.get("resourceLogs").get(0);
        assertThat(attributes(resource.get("resource").get("attributes"))).containsKeys("service.name",
            "service.instance.id");
        JsonNode scope = resource.get("scopeLogs").get(0);
        assertThat(scope.get("logRecords")).hasSize(1);
        JsonNode record = scope.get("logRecords").get(0);
        assertThat(fieldNames(record)).startsWith("timeUnixNano", "severityNumber", "severityText", "body",
            "attributes", "flags", "traceId", "spanId");
        Map<String, String> attributes = attributes(record.get("attributes"));
        return new Entry(Long.parseLong(record.get("timeUnixNano").asText()) / 1000, 1,
            record.get("severityText").asText(), text(record, "traceId"), text(record, "spanId"), null,
            record.get("body").get("stringValue").asText(), attributes.get("span_event"), new ArrayList<>(),
            line.stream(), line.nanos());
      }
      case BUNYAN_JSON: {
        JsonNode node = GeneratedDay.parse(text);
        List<String> keys = fieldNames(node);
        assertThat(keys.subList(0, 4)).containsExactly("name", "hostname", "pid", "level");
        assertThat(keys.subList(keys.size() - 6, keys.size())).containsExactly("msg", "time", "v", "trace_id",
            "span_id", "trace_flags");
        return new Entry(GeneratedDay.epochMicros(node.get("time").asText()), 1000, numericLevel(node.get("level")),
            text(node, "trace_id"), text(node, "span_id"), null, node.get("msg").asText(), text(node, "span_event"),
            new ArrayList<>(), line.stream(), line.nanos());
      }
      case PINO_JSON: {
        JsonNode node = GeneratedDay.parse(text);
        List<String> keys = fieldNames(node);
        assertThat(keys.subList(0, 8)).containsExactly("level", "time", "pid", "hostname", "name", "trace_id",
            "span_id", "trace_flags");
        assertThat(keys.get(keys.size() - 1)).isEqualTo("msg");
        assertThat(node.get("time").isIntegralNumber()).isTrue();
        return new Entry(node.get("time").asLong() * 1000, 1000, numericLevel(node.get("level")),
            text(node, "trace_id"), text(node, "span_id"), null, node.get("msg").asText(), text(node, "span_event"),
            new ArrayList<>(), line.stream(), line.nanos());
      }
      case PATTERN: {
        Matcher m = PATTERN.matcher(text);
        if (!m.matches()) {
          return null;
        }
        return new Entry(localMicros(m.group(1), zone), 1000, m.group(2).trim(), m.group(5), m.group(6),
            m.group(7) == null ? "" : m.group(7), m.group(8), null, new ArrayList<>(), line.stream(), line.nanos());
      }
      case PYTHON: {
        Matcher m = PYTHON.matcher(text);
        if (!m.matches()) {
          return null;
        }
        String level = m.group(2).equals("WARNING") ? "WARN" : m.group(2);
        return new Entry(localMicros(m.group(1).replace(',', '.'), zone), 1000, level, m.group(6), m.group(7), null,
            m.group(9), null, new ArrayList<>(), line.stream(), line.nanos());
      }
      case SPRING_BOOT: {
        Matcher m = SPRING_BOOT.matcher(text);
        if (!m.matches()) {
          return null;
        }
        return new Entry(GeneratedDay.epochMicros(m.group(1)), 1000, m.group(2).trim(), m.group(6), m.group(7),
            null, m.group(9), null, new ArrayList<>(), line.stream(), line.nanos());
      }
      case SPRING_BOOT_2: {
        Matcher m = SPRING_BOOT_2.matcher(text);
        if (!m.matches()) {
          return null;
        }
        return new Entry(localMicros(m.group(1), zone), 1000, m.group(2).trim(), m.group(4), m.group(5), null,
            m.group(9), null, new ArrayList<>(), line.stream(), line.nanos());
      }
      case LOGFMT: {
        Map<String, String> pairs = logfmt(text);
        assertThat(new ArrayList<>(pairs.keySet()).subList(0, 3)).containsExactly("time", "level", "msg");
        List<String> rest = new ArrayList<>(pairs.keySet()).subList(3, pairs.size());
        assertThat(rest).isSorted();
        String level = pairs.get("level").equals("warning") ? "WARN" : pairs.get("level").toUpperCase(Locale.ROOT);
        return new Entry(GeneratedDay.epochMicros(pairs.get("time")), 1, level, pairs.get("trace_id"),
            pairs.get("span_id"), pairs.getOrDefault("parent_id", ""), pairs.get("msg"), pairs.get("span_event"),
            new ArrayList<>(), line.stream(), line.nanos());
      }
      default:
        throw new IllegalArgumentException(format.name());
    }
  }

  /** logrus's pairs in order, values unquoted. */
  static Map<String, String> logfmt(String line) {
    Map<String, String> pairs = new LinkedHashMap<>();
    Matcher m = LOGFMT_PAIR.matcher(line);
    int at = 0;
    while (at < line.length()) {
      assertThat(m.find(at) && m.start() == at).as("logfmt at %d of %s", at, line).isTrue();
      String value = m.group(2);
      if (value.startsWith("\"")) {
        value = value.substring(1, value.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
      }
      pairs.put(m.group(1), value);
      at = m.end();
    }
    return pairs;
  }

  static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static Map<String, String> attributes(JsonNode list) {
    Map<String, String> attributes = new HashMap<>();
    for (JsonNode attribute : list) {
      JsonNode value = attribute.get("value");
      attributes.put(attribute.get("key").asText(), value.elements().next().asText());
    }
    return attributes;
  }

  private static String numericLevel(JsonNode level) {
    switch (level.asInt()) {
      case 20:
        return "DEBUG";
      case 30:
        return "INFO";
      case 40:
        return "WARN";
      case 50:
        return "ERROR";
      default:
        throw new AssertionError("level " + level);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.has(field) ? node.get(field).asText() : null;
  }

  private static long localMicros(String text, ZoneId zone) {
    ZonedDateTime time = LocalDateTime.parse(text, LOCAL_MILLIS).atZone(zone);
    return time.toEpochSecond() * 1_000_000L + time.getNano() / 1_000;
  }

  private static long nanos(String rfc3339) {
    OffsetDateTime time = OffsetDateTime.parse(rfc3339);
    return time.toEpochSecond() * 1_000_000_000L + time.getNano();
  }
}
