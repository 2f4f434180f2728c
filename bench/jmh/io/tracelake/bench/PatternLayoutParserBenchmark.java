package io.tracelake.bench;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.PatternLayoutParser;
import io.tracelake.parsers.text.SpringBootConsoleParser;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Lines per second of the pattern-layout parsers on one core, on typical ~200-byte lines. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PatternLayoutParserBenchmark {
  private static final FileContext CONTEXT = new FileContext(LocalDate.of(2026, 11, 20), ZoneOffset.UTC);

  private final byte[] layoutLine = ("2026-11-20 10:15:30.123 INFO  [http-nio-8080-exec-7] c.s.orders.OrderController "
      + "[4bf92f3577b34da6a3ce929d0e0e4736,00f067aa0ba902b7] - Received GET /api/orders/8412 from 10.1.2.3 in 12 ms")
      .getBytes(StandardCharsets.UTF_8);
  private final LineParser layout = PatternLayoutParser.compile(
      "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [%thread] %logger{36} [%X{traceId},%X{spanId}] - %msg%n")
      .newParser(CONTEXT);

  private final byte[] springLine = ("2026-11-20T10:15:30.123+01:00  INFO 12345 --- [orders] [nio-8080-exec-7] "
      + "[4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7] c.s.orders.OrderController               : "
      + "Received GET /api/orders/8412").getBytes(StandardCharsets.UTF_8);
  private final LineParser spring = SpringBootConsoleParser.format().newParser(CONTEXT);

  @Benchmark
  public LogEvent patternLayoutLine() throws LineRejectedException {
    return layout.parse(layoutLine, 0, layoutLine.length);
  }

  @Benchmark
  public LogEvent springBootLine() throws LineRejectedException {
    return spring.parse(springLine, 0, springLine.length);
  }
}
