package io.tracelake.bench;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.json.JsonFieldMapping;
import io.tracelake.parsers.json.JsonFormat;
import io.tracelake.parsers.json.JsonLineParser;
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

/** Lines per second of the JSON parser on one core, on a typical line of each family (235 to 371 bytes). */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class JsonLineParserBenchmark {

  // 235 bytes
  private final byte[] logstashLine = bytes("{\"@timestamp\":\"2026-11-20T10:15:30.123456Z\",\"message\":\"Received GET /api/orders/8412\","
      + "\"logger_name\":\"c.s.o.OrderController\",\"thread_name\":\"exec-7\",\"level\":\"INFO\","
      + "\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\"}");
  // 303 bytes, as ecs-logging-java writes it
  private final byte[] ecsLine = bytes("{\"@timestamp\":\"2026-11-20T10:15:30.123Z\", \"log.level\": \"INFO\", "
      + "\"message\":\"Received GET /api/orders/8412\", \"ecs.version\": \"1.2.0\",\"service.name\":\"orders\","
      + "\"process.thread.name\":\"exec-7\",\"log.logger\":\"c.s.o.OrderController\","
      + "\"trace.id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"transaction.id\":\"00f067aa0ba902b7\"}");
  // 371 bytes: an OTLP/JSON LogRecord with one attribute and the service as a resource attribute
  private final byte[] otelLine = bytes("{\"timeUnixNano\":\"1795169730123456000\",\"severityNumber\":9,\"severityText\":\"INFO\","
      + "\"body\":{\"stringValue\":\"Received GET /api/orders/8412\"},"
      + "\"attributes\":[{\"key\":\"thread.name\",\"value\":{\"stringValue\":\"exec-7\"}}],"
      + "\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\",\"flags\":1,"
      + "\"resource\":{\"attributes\":[{\"key\":\"service.name\",\"value\":{\"stringValue\":\"orders\"}}]}}");

  // as Bunyan writes it (numeric level, name and hostname)
  private final byte[] bunyanLine = bytes("{\"name\":\"notifications\",\"hostname\":\"notifications-1\",\"pid\":4121,"
      + "\"level\":30,\"msg\":\"Consuming OrderCreated from order-events\",\"time\":\"2026-11-20T10:15:30.123Z\","
      + "\"v\":0,\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\"}");
  // as pino writes it (epoch millis)
  private final byte[] pinoLine = bytes("{\"level\":30,\"time\":1795169730123,\"pid\":41508,\"hostname\":\"cart-1\","
      + "\"trace_id\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"span_id\":\"00f067aa0ba902b7\",\"trace_flags\":\"01\","
      + "\"msg\":\"Received POST /cart/items\"}");

  private final JsonLineParser logstash =
      new JsonLineParser(JsonFieldMapping.logstash("app_name", "HOSTNAME"), ZoneOffset.UTC);
  private final JsonLineParser ecs = new JsonLineParser(JsonFormat.ECS.mapping(), ZoneOffset.UTC);
  private final JsonLineParser otel = new JsonLineParser(JsonFormat.OTEL.mapping(), ZoneOffset.UTC);
  private final JsonLineParser bunyan = new JsonLineParser(JsonFormat.BUNYAN.mapping(), ZoneOffset.UTC);
  private final JsonLineParser pino = new JsonLineParser(JsonFormat.PINO.mapping(), ZoneOffset.UTC);

  private static byte[] bytes(String line) {
    return line.getBytes(StandardCharsets.UTF_8);
  }

  @Benchmark
  public LogEvent logstashLine() throws LineRejectedException {
    return logstash.parse(logstashLine, 0, logstashLine.length);
  }

  @Benchmark
  public LogEvent ecsLine() throws LineRejectedException {
    return ecs.parse(ecsLine, 0, ecsLine.length);
  }

  @Benchmark
  public LogEvent otelLine() throws LineRejectedException {
    return otel.parse(otelLine, 0, otelLine.length);
  }

  @Benchmark
  public LogEvent bunyanLine() throws LineRejectedException {
    return bunyan.parse(bunyanLine, 0, bunyanLine.length);
  }

  @Benchmark
  public LogEvent pinoLine() throws LineRejectedException {
    return pino.parse(pinoLine, 0, pinoLine.length);
  }
}
