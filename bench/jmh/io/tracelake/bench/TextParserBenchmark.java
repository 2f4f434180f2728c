package io.tracelake.bench;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.AccessLogParser;
import io.tracelake.parsers.text.GrokParser;
import io.tracelake.parsers.text.LogfmtParser;
import io.tracelake.parsers.text.RegexParser;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Lines per second of the logfmt, grok, regex and access-log parsers on one core, on ~200-byte lines;
 * plus a bare precompiled {@code java.util.regex} match of the pattern-layout line, the yardstick the
 * pattern-layout scanner is measured against.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TextParserBenchmark {
  private static final FileContext CONTEXT = new FileContext(LocalDate.of(2026, 11, 20), ZoneOffset.UTC);

  private static byte[] bytes(String line) {
    return line.getBytes(StandardCharsets.UTF_8);
  }

  private final byte[] logfmtLine = bytes("ts=2026-11-20T10:15:30.123456Z level=info caller=orders.go:42 "
      + "msg=\"order placed\" trace_id=4bf92f3577b34da6a3ce929d0e0e4736 span_id=00f067aa0ba902b7 method=GET "
      + "path=/api/orders/8412 status=200 duration=12.5ms");
  private final LineParser logfmt = LogfmtParser.format().newParser(CONTEXT);

  private final byte[] grokLine = bytes("2026-11-20T10:15:30.123Z INFO [http-nio-8080-exec-7] "
      + "Received GET /api/orders/8412 from 10.1.2.3 trace=4bf92f3577b34da6a3ce929d0e0e4736 span=00f067aa0ba902b7 in 12 ms");
  private final LineParser grok = GrokParser.compile(
      "%{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} \\[%{DATA:thread}\\] %{GREEDYDATA:message}").newParser(CONTEXT);
  private final LineParser regex = RegexParser.compile(
      "^(?<timestamp>\\S+) (?<level>[A-Z]+) \\[(?<thread>[^\\]]*)\\] (?<message>.*)$").newParser(CONTEXT);

  private final byte[] nginxLine = bytes("10.1.2.3 - - [20/Nov/2026:10:15:30 +0000] \"GET /api/orders/8412?x=1 HTTP/1.1\" "
      + "200 512 \"-\" \"Mozilla/5.0 (X11; Linux x86_64) curl/8.4.0\" 4bf92f3577b34da6a3ce929d0e0e4736 0.042 0.040");
  private final LineParser nginx = AccessLogParser.nginx().newParser(CONTEXT);
  private final byte[] apacheLine = bytes("192.168.1.20 - frank [20/Nov/2026:10:15:30 -0500] \"GET /apache_pb.gif HTTP/1.0\" "
      + "200 2326 \"http://www.example.com/start.html\" \"Mozilla/4.08 [en] (Win98; I ;Nav)\" 1234567");
  private final LineParser apache = AccessLogParser.apache().newParser(CONTEXT);
  private final byte[] envoyLine = bytes("[2026-11-20T10:15:30.310Z] \"POST /api/v1/locations HTTP/2\" 204 - 154 0 226 100 "
      + "\"10.0.35.28\" \"nsq2http\" \"cc21d9b0-cf5c-432b-8c7e-98aeb7988cd2\" \"locations\" \"tcp://10.0.2.1:80\"");
  private final LineParser envoy = AccessLogParser.envoy().newParser(CONTEXT);

  private final byte[] layoutLine = bytes("2026-11-20 10:15:30.123 INFO  [http-nio-8080-exec-7] c.s.orders.OrderController "
      + "[4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7] - Received GET /api/orders/8412 from 10.1.2.3 in 12 ms");
  private final Matcher layoutRegex = Pattern.compile("^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}\\.\\d{3}) (\\w+)\\s+"
      + "\\[([^\\]]*)\\] (\\S+) \\[([^,\\]]*),([^\\]]*)\\] - (.*)$").matcher("");

  @Benchmark
  public LogEvent logfmtLine() throws LineRejectedException {
    return logfmt.parse(logfmtLine, 0, logfmtLine.length);
  }

  @Benchmark
  public LogEvent grokLine() throws LineRejectedException {
    return grok.parse(grokLine, 0, grokLine.length);
  }

  @Benchmark
  public LogEvent regexLine() throws LineRejectedException {
    return regex.parse(grokLine, 0, grokLine.length);
  }

  @Benchmark
  public LogEvent nginxLine() throws LineRejectedException {
    return nginx.parse(nginxLine, 0, nginxLine.length);
  }

  @Benchmark
  public LogEvent apacheLine() throws LineRejectedException {
    return apache.parse(apacheLine, 0, apacheLine.length);
  }

  @Benchmark
  public LogEvent envoyLine() throws LineRejectedException {
    return envoy.parse(envoyLine, 0, envoyLine.length);
  }

  /** The yardstick: decode and match the layout line with a precompiled regex, extracting its groups. */
  @Benchmark
  public String bareRegexOfLayoutLine() {
    Matcher m = layoutRegex.reset(new String(layoutLine, StandardCharsets.UTF_8));
    if (!m.matches()) {
      throw new IllegalStateException();
    }
    return m.group(1) + m.group(2) + m.group(3) + m.group(4) + m.group(5) + m.group(6) + m.group(7);
  }
}
