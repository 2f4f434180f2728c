package io.tracelake.parsers.text;

import static io.tracelake.parsers.text.ParserHarness.NOV_20_UTC;

import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.constraints.StringLength;

/** No input makes a parser throw anything but a LineRejectedException: not strings, bytes, nor near-misses. */
class ParsersNeverThrowTest {

  /** One valid line per format, to mutate into near-misses. */
  private static final Map<String, String> SAMPLES = Map.of(
      "layout", "2026-11-20 10:15:30.123 INFO  [main] c.s.Orders [4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7] - hi",
      "spring", "2026-11-20T10:15:30.123+01:00  INFO 12345 --- [orders] [nio-8080-exec-7] "
          + "[4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] c.s.orders.OrderController : Received",
      "logfmt", "ts=2026-11-20T10:15:30Z level=info msg=\"a \\\"b\\\"\" trace_id=abc duration=1.5s status=200",
      "grok", "2026-11-20T10:15:30.123Z INFO [main] started",
      "regex", "2026-11-20T10:15:30Z [abc,def] info started",
      "nginx", "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET /a?x=1 HTTP/1.1\" 200 512 \"-\" \"curl\" 4bf92f3577b34da6 0.042 0.040",
      "apache", "10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET / HTTP/1.1\" 200 5 \"-\" \"-\" 1234",
      "envoy", "[2026-11-20T10:15:30.123Z] \"GET / HTTP/1.1\" 200 - 1 2 3 4 \"-\" \"-\" \"id\" \"host\" \"up\"");

  private static List<LineParser> parsers() {
    return List.of(
        PatternLayoutParser.compile("%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} "
            + "[%X{traceId},%X{spanId}] - %msg%n").newParser(NOV_20_UTC),
        PatternLayoutParser.compile("%clr(%d{HH:mm:ss.SSS}){faint} %5p %pid --- %esb(){APPLICATION_NAME}"
            + "[%15.15t] %correlationId%-40.40logger{39} : %m {%X}%n").newParser(NOV_20_UTC),
        SpringBootConsoleParser.format().newParser(NOV_20_UTC),
        LogfmtParser.format().newParser(NOV_20_UTC),
        GrokParser.compile("%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} \\[%{DATA:thread}\\] %{GREEDYDATA:message}")
            .newParser(NOV_20_UTC),
        GrokParser.compile("%{COMBINEDAPACHELOG}").newParser(NOV_20_UTC),
        RegexParser.compile("^(?<ts>\\S+) \\[(?<trace_id>\\w*),(?<span_id>\\w*)\\] (?<level>\\w+) (?<msg>.*)$")
            .newParser(NOV_20_UTC),
        AccessLogParser.nginx().newParser(NOV_20_UTC),
        AccessLogParser.apache().newParser(NOV_20_UTC),
        AccessLogParser.envoy().newParser(NOV_20_UTC));
  }

  private static void feed(byte[] bytes) {
    for (LineParser parser : parsers()) {
      try {
        parser.parse(bytes, 0, bytes.length);
      } catch (LineRejectedException expected) {
        // a reasoned rejection is fine
      }
    }
  }

  @Property(tries = 400)
  void arbitraryStrings(@ForAll @StringLength(max = 300) String line) {
    feed(line.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 400)
  void arbitraryBytes(@ForAll @Size(max = 300) byte[] line) {
    feed(line);
  }

  @Property(tries = 1000)
  void nearMisses(@ForAll("mutatedSamples") byte[] line) {
    feed(line);
  }

  @Property(tries = 5)
  void hugeLines(@ForAll("hugeLines") byte[] line) {
    feed(line);
  }

  @Provide
  Arbitrary<byte[]> mutatedSamples() {
    Arbitrary<String> sample = Arbitraries.of(List.copyOf(SAMPLES.values()));
    Arbitrary<List<int[]>> edits = Arbitraries.integers().between(0, 10_000).array(int[].class).ofSize(3)
        .list().ofMinSize(1).ofMaxSize(6);
    Arbitrary<byte[]> noise = Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(4);
    return Combinators.combine(sample, edits, noise).as((text, list, insert) -> {
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      for (int[] edit : list) {
        int at = edit[0] % (bytes.length + 1);
        byte[] next;
        switch (edit[1] % 3) {
          case 0 -> { // delete a run
            int n = Math.min(edit[2] % 8 + 1, bytes.length - at);
            next = new byte[bytes.length - n];
            System.arraycopy(bytes, 0, next, 0, at);
            System.arraycopy(bytes, at + n, next, at, bytes.length - at - n);
          }
          case 1 -> { // insert noise
            next = new byte[bytes.length + insert.length];
            System.arraycopy(bytes, 0, next, 0, at);
            System.arraycopy(insert, 0, next, at, insert.length);
            System.arraycopy(bytes, at, next, at + insert.length, bytes.length - at);
          }
          default -> { // replace a byte with a separator or control character
            next = bytes.clone();
            if (at < next.length) {
              String separators = " []\"=:-,.\t\r\u001b\\%0";
              next[at] = (byte) separators.charAt(edit[2] % separators.length());
            }
          }
        }
        bytes = next;
      }
      return bytes;
    });
  }

  @Provide
  Arbitrary<byte[]> hugeLines() {
    return Arbitraries.of(List.copyOf(SAMPLES.values())).map(sample -> {
      String line = sample + " " + "x\"[ ]=".repeat(200_000);
      return line.getBytes(StandardCharsets.UTF_8);
    });
  }
}
