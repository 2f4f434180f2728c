package io.tracelake.parsers.text;

import static io.tracelake.parsers.text.ParserHarness.NOV_20_UTC;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Lines written the way each format's own writer writes them parse back to the fields they were made from. */
class RoundTripTest {
  private static final long MIN_MILLIS = Instant.parse("1971-01-01T00:00:00Z").toEpochMilli();
  private static final long MAX_MILLIS = Instant.parse("2099-12-31T00:00:00Z").toEpochMilli();

  // --- generators -------------------------------------------------------------------------------

  @Provide
  Arbitrary<Long> millis() {
    return Arbitraries.longs().between(MIN_MILLIS, MAX_MILLIS);
  }

  @Provide
  Arbitrary<String> levels() {
    return Arbitraries.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
  }

  /** Names as threads and loggers have them: letters, digits, '-', '_', '.', unicode letters. */
  @Provide
  Arbitrary<String> names() {
    return Arbitraries.strings().withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
        .withChars("-_.$äöüéß中").ofMinLength(1).ofMaxLength(40);
  }

  /** Free text as messages have it: anything printable, separators, quotes, tabs, unicode; no line break. */
  @Provide
  Arbitrary<String> texts() {
    return Arbitraries.strings().withCharRange(' ', '~').withChars("\täöü€中文ÆØÅ").ofMaxLength(200);
  }

  @Provide
  Arbitrary<String> hexIds() {
    return Arbitraries.strings().withChars("0123456789abcdef").ofLength(32);
  }

  private static long micros(long millis) {
    return millis * 1000;
  }

  private static String format(long millis, String pattern, ZoneOffset offset) {
    return DateTimeFormatter.ofPattern(pattern, Locale.ENGLISH).format(Instant.ofEpochMilli(millis).atOffset(offset));
  }

  private static LogEvent parse(LineParser parser, String line) throws LineRejectedException {
    return ParserHarness.parse(parser, line);
  }

  // --- date patterns ------------------------------------------------------------------------------

  @Property(tries = 500)
  void datePatternsReadWhatJavaTimeWrites(@ForAll("millis") long millis,
      @ForAll("datePatterns") String pattern, @ForAll("offsets") ZoneOffset offset) {
    boolean zoned = pattern.contains("X") || pattern.contains("Z");
    ZoneOffset writeIn = zoned ? offset : ZoneOffset.UTC;
    String text = format(millis, pattern, writeIn);
    long expected = pattern.contains("S") ? micros(millis) : Math.floorDiv(millis, 1000) * 1_000_000;
    FileContext context = new FileContext(LocalDate.of(2026, 11, 20), ZoneOffset.UTC);
    assertThat(io.tracelake.parsers.text.time.DatePattern.compile(pattern).newReader(context).parse(text))
        .as("%s as %s", text, pattern).isEqualTo(expected);
  }

  @Provide
  Arbitrary<String> datePatterns() {
    return Arbitraries.of("yyyy-MM-dd HH:mm:ss.SSS", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "dd/MMM/yyyy:HH:mm:ss Z",
        "EEE MMM dd HH:mm:ss yyyy", "yyyyMMddHHmmssSSS", "yyyy-MM-dd'T'HH:mm:ss.SSSSSSXX", "dd MMM yyyy HH:mm:ss,SSS",
        "EEEE, d MMMM yyyy hh:mm:ss.SSS a X", "yyyy/MM/dd HH:mm:ss");
  }

  @Provide
  Arbitrary<ZoneOffset> offsets() {
    return Arbitraries.of(ZoneOffset.UTC, ZoneOffset.ofHours(1), ZoneOffset.ofHours(-8), ZoneOffset.ofHoursMinutes(5, 30),
        ZoneOffset.ofHours(14), ZoneOffset.ofHoursMinutes(-9, -30));
  }

  // --- pattern layout -----------------------------------------------------------------------------

  private final LineParser layout = PatternLayoutParser.compile(
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} [%X{traceId},%X{spanId}] - %msg%n")
      .newParser(new FileContext(LocalDate.of(2026, 11, 20), ZoneOffset.UTC));

  @Property(tries = 500)
  void patternLayout(@ForAll("millis") long millis, @ForAll("levels") String level, @ForAll("names") String thread,
      @ForAll("names") String logger, @ForAll("hexIds") String traceId, @ForAll boolean traced,
      @ForAll("texts") String message) throws LineRejectedException {
    String line = String.format("%s %-5s [%s] %s [%s,%s] - %s", format(millis, "yyyy-MM-dd HH:mm:ss.SSS", ZoneOffset.UTC),
        level, thread, logger, traced ? traceId : "", traced ? traceId.substring(16) : "", message);
    LogEvent event = parse(layout, line);
    assertThat(event.timestampUs()).isEqualTo(micros(millis));
    assertThat(event.level()).isEqualTo(level);
    assertThat(event.thread()).isEqualTo(thread);
    assertThat(event.logger()).isEqualTo(logger);
    assertThat(event.traceId()).isEqualTo(traced ? traceId : null);
    assertThat(event.spanId()).isEqualTo(traced ? traceId.substring(16) : null);
    assertThat(event.message()).isEqualTo(message);
  }

  // --- Spring Boot --------------------------------------------------------------------------------

  private final LineParser spring = SpringBootConsoleParser.format().newParser(NOV_20_UTC);

  @Property(tries = 500)
  void springBoot(@ForAll("millis") long millis, @ForAll("levels") String level, @ForAll("names") String thread,
      @ForAll("names") String logger, @ForAll("hexIds") String traceId, @ForAll("texts") String message,
      @ForAll("bootVariants") int variant, @ForAll("names") String app) throws LineRejectedException {
    String spanId = traceId.substring(16);
    String shownThread = thread.length() > 15 ? thread.substring(thread.length() - 15) : thread;
    String head;
    String tail = String.format("[%15s] ", shownThread);
    switch (variant) {
      case 0 -> head = format(millis, "yyyy-MM-dd HH:mm:ss.SSS", ZoneOffset.UTC) + String.format(" %5s", level)
          + " 4242 --- " + tail;
      case 1 -> head = format(millis, "yyyy-MM-dd HH:mm:ss.SSS", ZoneOffset.UTC) + String.format(" %5s", level)
          + " [" + app + "," + traceId.substring(0, 16) + "," + spanId + ",true] 4242 --- " + tail;
      case 2 -> head = format(millis, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", ZoneOffset.ofHours(1))
          + String.format(" %5s", level) + " 4242 --- [" + app + "] " + tail + "[" + traceId + "-" + spanId + "] ";
      default -> head = format(millis, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", ZoneOffset.ofHours(-5))
          + String.format(" %5s", level) + "  --- [" + app + "] [grp] " + tail + "[" + " ".repeat(49) + "] ";
    }
    LogEvent event = parse(spring, head + String.format("%-40s", logger) + " : " + message);
    assertThat(event.timestampUs()).isEqualTo(micros(millis));
    assertThat(event.level()).isEqualTo(level);
    assertThat(event.thread()).isEqualTo(shownThread);
    assertThat(event.logger()).isEqualTo(logger);
    assertThat(event.message()).isEqualTo(message);
    assertThat(event.service()).isEqualTo(variant == 0 ? null : app);
    assertThat(event.traceId()).isEqualTo(switch (variant) {
      case 1 -> traceId.substring(0, 16);
      case 2 -> traceId;
      default -> null;
    });
  }

  @Provide
  Arbitrary<Integer> bootVariants() {
    return Arbitraries.integers().between(0, 3);
  }

  // --- logfmt -------------------------------------------------------------------------------------

  private final LineParser logfmt = LogfmtParser.format().newParser(NOV_20_UTC);

  @Property(tries = 500)
  void logfmt(@ForAll("millis") long millis, @ForAll("logfmtPairs") Map<String, String> pairs,
      @ForAll("texts") String message) throws LineRejectedException {
    StringBuilder line = new StringBuilder("ts=" + Instant.ofEpochMilli(millis) + " msg=" + logfmtValue(message));
    pairs.forEach((key, value) -> line.append(' ').append(key).append('=').append(logfmtValue(value)));
    LogEvent event = parse(logfmt, line.toString());
    assertThat(event.timestampUs()).isEqualTo(micros(millis));
    assertThat(event.message()).isEqualTo(message);
    assertThat(event.attributes()).isEqualTo(pairs);
  }

  @Provide
  Arbitrary<Map<String, String>> logfmtPairs() {
    Arbitrary<String> keys = Arbitraries.strings().withCharRange('a', 'z').withChars("_.").ofMinLength(1).ofMaxLength(12)
        .filter(key -> FieldMapping.defaults().slot(key) == null && !key.equals("query"));
    return Arbitraries.maps(keys, texts()).ofMaxSize(6).map(TreeMap::new);
  }

  /** A value as go-logfmt writes it: bare when it can be, else quoted with escapes. */
  private static String logfmtValue(String value) {
    if (!value.isEmpty() && value.chars().allMatch(c -> c > ' ' && c != '=' && c != '"' && c != '\\')) {
      return value;
    }
    return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\t", "\\t") + '"';
  }

  // --- grok and regex -----------------------------------------------------------------------------

  private final LineParser grok = GrokParser.compile(
      "%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} \\[%{DATA:thread}\\] %{GREEDYDATA:message}")
      .newParser(NOV_20_UTC);
  private final LineParser regex = RegexParser.compile(
      "^(?<time>\\S+) (?<lvl>\\w+) trace_id=(?<trace_id>[0-9a-f]+) (?<msg>.*)$").newParser(NOV_20_UTC);

  @Property(tries = 500)
  void grokAndRegex(@ForAll("millis") long millis, @ForAll("levels") String level, @ForAll("names") String thread,
      @ForAll("hexIds") String traceId, @ForAll("texts") String message) throws LineRejectedException {
    String time = format(millis, "yyyy-MM-dd'T'HH:mm:ss.SSSXXX", ZoneOffset.ofHours(2));
    LogEvent grokked = parse(grok, time + " " + level + " [" + thread + "] " + message);
    assertThat(grokked.timestampUs()).isEqualTo(micros(millis));
    assertThat(grokked.level()).isEqualTo(level);
    assertThat(grokked.thread()).isEqualTo(thread.equals("-") ? null : thread); // "-" is how logs say "none"
    assertThat(grokked.message()).isEqualTo(message);
    LogEvent matched = parse(regex, time + " " + level + " trace_id=" + traceId + " " + message);
    assertThat(matched.timestampUs()).isEqualTo(micros(millis));
    assertThat(matched.traceId()).isEqualTo(traceId);
    assertThat(matched.message()).isEqualTo(message);
  }

  // --- access logs --------------------------------------------------------------------------------

  private final LineParser nginx = AccessLogParser.nginx().newParser(NOV_20_UTC);
  private final LineParser apache = AccessLogParser.apache().newParser(NOV_20_UTC);
  private final LineParser envoy = AccessLogParser.envoy().newParser(NOV_20_UTC);

  @Provide
  Arbitrary<String> paths() {
    return Arbitraries.strings().withCharRange('a', 'z').withChars("0123456789-_.%~").ofMinLength(1).ofMaxLength(12)
        .list().ofMinSize(0).ofMaxSize(5).map(segments -> "/" + String.join("/", segments));
  }

  @Provide
  Arbitrary<String> methods() {
    return Arbitraries.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
  }

  @Provide
  Arbitrary<String> agents() {
    return Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(80)
        .map(agent -> agent.replace("\"", "\\x22").replace("\\", "\\x5C"));
  }

  @Property(tries = 500)
  void accessLogs(@ForAll("millis") long millis, @ForAll("methods") String method, @ForAll("paths") String path,
      @ForAll("names") String query, @ForAll boolean hasQuery, @ForAll("statuses") int status,
      @ForAll("durationsMs") int durationMs, @ForAll("hexIds") String requestId, @ForAll("agents") String agent,
      @ForAll("offsets") ZoneOffset offset) throws LineRejectedException {
    String target = hasQuery ? path + "?" + query : path;
    long seconds = Math.floorDiv(millis, 1000);
    String time = format(seconds * 1000, "dd/MMM/yyyy:HH:mm:ss Z", offset);
    LogEvent n = parse(nginx, "10.1.2.3 - - [" + time + "] \"" + method + " " + target + " HTTP/1.1\" " + status
        + " 512 \"-\" \"" + agent + "\" " + requestId + " " + String.format(Locale.ROOT, "%d.%03d", durationMs / 1000,
        durationMs % 1000) + " -");
    assertThat(n.timestampUs()).isEqualTo(seconds * 1_000_000);
    assertThat(n.durationUs()).isEqualTo(durationMs * 1000L);
    assertThat(n.httpMethod()).isEqualTo(method);
    assertThat(n.httpPath()).isEqualTo(path);
    assertThat(n.attribute("query")).isEqualTo(hasQuery && !query.equals("-") ? query : null); // "-" is "none"
    assertThat(n.httpStatus()).isEqualTo(status);
    assertThat(n.requestId()).isEqualTo(requestId);
    assertThat(n.attribute("user_agent")).isEqualTo(agent.isEmpty() || agent.equals("-") ? null : agent);

    LogEvent a = parse(apache, "10.1.2.3 - - [" + time + "] \"" + method + " " + target + " HTTP/1.1\" " + status
        + " - \"-\" \"" + agent + "\" " + durationMs * 1000L);
    assertThat(a.timestampUs()).isEqualTo(seconds * 1_000_000 + durationMs * 1000L);
    assertThat(a.httpPath()).isEqualTo(path);

    LogEvent e = parse(envoy, "[" + Instant.ofEpochMilli(millis) + "] \"" + method + " " + target + " HTTP/2\" " + status
        + " - 0 512 " + durationMs + " - \"-\" \"" + agent + "\" \"" + requestId + "\" \"host\" \"10.0.0.1:80\"");
    assertThat(e.timestampUs()).isEqualTo(micros(millis) + durationMs * 1000L);
    assertThat(e.httpStatus()).isEqualTo(status);
    assertThat(e.requestId()).isEqualTo(requestId);
  }

  @Provide
  Arbitrary<Integer> statuses() {
    return Arbitraries.integers().between(100, 599);
  }

  @Provide
  Arbitrary<Integer> durationsMs() {
    return Arbitraries.integers().between(0, 600_000);
  }
}
