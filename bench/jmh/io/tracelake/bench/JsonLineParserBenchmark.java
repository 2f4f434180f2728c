package io.tracelake.bench;

import io.tracelake.parsers.JsonFieldMapping;
import io.tracelake.parsers.JsonLineParser;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.model.LogEvent;
import java.nio.charset.StandardCharsets;
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

/** Lines per second of the logstash JSON parser on one core, on a typical ~200-byte line. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonLineParserBenchmark {

  private final byte[] line = ("{\"@timestamp\":\"2026-11-20T10:15:30.123456Z\",\"message\":\"Received GET /api/orders/8412\","
      + "\"logger_name\":\"c.s.o.OrderController\",\"thread_name\":\"exec-7\",\"level\":\"INFO\","
      + "\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\"}")
      .getBytes(StandardCharsets.UTF_8);
  private final JsonLineParser parser =
      new JsonLineParser(JsonFieldMapping.logstash("app_name", "HOSTNAME"), ZoneOffset.UTC);

  @Benchmark
  public LogEvent logstashLine() throws LineRejectedException {
    return parser.parse(line, 0, line.length);
  }
}
