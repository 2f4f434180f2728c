package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.json.JsonFieldMapping;
import io.tracelake.parsers.json.JsonLineParser;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Single lines that once failed or stalled a run: each is now an event or a reject with its reason. */
class HostileLinesTest {

  private static List<ParsedLine> parse(String text, UnaryOperator<io.tracelake.model.LogEvent> finisher) {
    LogFileParser parser = new LogFileParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        new JsonLineParser(JsonFieldMapping.logstash(null, null), ZoneOffset.UTC), null, null, "svc", "svc-1",
        1 << 20, false, finisher);
    List<ParsedLine> out = new ArrayList<>();
    parser.forEachRemaining(out::add);
    return out;
  }

  private static String json(String ts) {
    return "{\"@timestamp\":" + ts + ",\"message\":\"hello\"}";
  }

  @Test
  void timesOutsideTheRangeAreBadTimestampRejectsWithTheLineKept() {
    List<String> hostile = List.of("\"1899-12-31T23:59:59Z\"", "\"0001-01-01T00:00:00Z\"", "1e300", "-1e300",
        "-9223372036854775808", "\"99999-01-01T00:00:00Z\"", "\"2300-01-01T00:00:00Z\"",
        "-2208988800001", "1.7976931348623157e308");
    for (String ts : hostile) {
      List<ParsedLine> lines = parse(json(ts) + "\n", UnaryOperator.identity());
      assertThat(lines).as(ts).hasSize(1);
      assertThat(lines.get(0).isEvent()).as(ts).isFalse();
      assertThat(lines.get(0).reject().reason()).as(ts).isEqualTo(RejectReason.BAD_TIMESTAMP);
      assertThat(lines.get(0).reject().raw()).as(ts).isEqualTo(json(ts));
    }
  }

  @Test
  void timesJustInsideTheRangeAreKeptExactly() {
    assertThat(parse(json("\"1900-01-01T00:00:00Z\"") + "\n", UnaryOperator.identity()).get(0).event().timestampUs())
        .isEqualTo(Timestamps.EARLIEST_US);
    assertThat(parse(json("\"2299-12-31T23:59:59.999999Z\"") + "\n", UnaryOperator.identity()).get(0).event()
        .timestampUs()).isEqualTo(Timestamps.END_US - 1);
  }

  @Test
  void theSmallestLongIsNotAnEpochTime() {
    assertThat(Timestamps.fromEpochNumber(Long.MIN_VALUE)).isEqualTo(Timestamps.INVALID);
    assertThat(Timestamps.inRange(Timestamps.fromEpochNumber(1e300))).isFalse();
  }

  @Test
  void aDottedTenKilobyteContinuationFindsNoExceptionWithoutOverflowingTheStack() {
    // java.util.regex recursed once per dotted segment here and threw StackOverflowError (the JVM exited 50)
    String dotted = "a.".repeat(5_000) + "B";
    assertThat(ExceptionText.find("failed\n" + dotted + "\n\tat x.Y.z(Y.java:1)")).isNull(); // no type is 10 KB long
    assertThat(ExceptionText.find("failed\n" + "a.".repeat(50_000))).isNull();
    assertThat(ExceptionText.find("failed\n" + "a.".repeat(100) + "BadThing: boom\n\tat x.Y.z(Y.java:1)").type())
        .isEqualTo("a.".repeat(100) + "BadThing");
  }

  @Test
  void aRequestIdPatternThatSpendsItsBudgetMakesTheLineTooCostly() {
    io.tracelake.parsers.context.TraceContextResolver resolver = new io.tracelake.parsers.context
        .TraceContextResolver(List.of("^(?:(a|aa)+\\1)+x(\\w+)"));
    String hostile = "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"message\":\"" + "a".repeat(3_000) + "\"}";
    String fine = "{\"@timestamp\":\"2026-11-20T10:00:00Z\",\"message\":\"aax42\"}";
    long start = System.nanoTime();
    List<ParsedLine> lines = parse(hostile + "\n" + fine + "\n", resolver::resolve);
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(10.0);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).reject().reason()).isEqualTo(RejectReason.LINE_TOO_COSTLY);
    assertThat(lines.get(1).isEvent()).isTrue();
  }

  @Test
  void aPathPatternIsBoundedAndReadsItsNamedOrFirstGroup() {
    assertThat(PathAttribution.compile("/logs/[^/]+/(?<value>[^/]+)/").valueFor("/logs/2026/web/a.log"))
        .isEqualTo("web");
    assertThat(PathAttribution.compile("/logs/([^/]+)/").valueFor("/logs/api/a.log")).isEqualTo("api");
    long start = System.nanoTime();
    assertThat(PathAttribution.compile("^/((a|aa)+)\\2x").valueFor("/" + "a".repeat(5_000))).isNull();
    assertThat((System.nanoTime() - start) / 1e9).isLessThan(5.0);
  }
}
