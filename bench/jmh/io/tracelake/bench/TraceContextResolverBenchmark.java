package io.tracelake.bench;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.context.TraceContextResolver;
import java.util.List;
import java.util.Map;
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

/** Events per second through the trace context resolver on one core, by the path an event takes. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TraceContextResolverBenchmark {

  private final TraceContextResolver resolver = new TraceContextResolver(List.of("req-([0-9a-f-]{36})"));
  private final Map<String, String> attributes = Map.of("span_event", "start", "http.method", "GET");

  private final LogEvent resolved = LogEvent.builder(1).message("Received GET /api/orders/8412")
      .traceId("4bf92f3577b34da6a3ce929d0e0e4736").spanId("00f067aa0ba902b7").attributes(attributes).build();
  private final LogEvent upperCase = LogEvent.builder(1).message("Received GET /api/orders/8412")
      .traceId("4BF92F3577B34DA6A3CE929D0E0E4736").spanId("00F067AA0BA902B7").attributes(attributes).build();
  private final LogEvent requestId = LogEvent.builder(1).message("Received GET /api/orders/8412")
      .requestId("req-7f3a-42").attributes(attributes).build();
  private final LogEvent traceparentHeader = LogEvent.builder(1).message("Received GET /api/orders/8412")
      .attributes(Map.of("req.headers.traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
          "http.method", "GET")).build();
  private final LogEvent noContext = LogEvent.builder(1)
      .message("GC pause (G1 Evacuation Pause) young, 12.3ms; heap 512M->128M(1024M) after 3 regions")
      .attributes(attributes).build();

  @Benchmark
  public LogEvent alreadyResolved() {
    return resolver.resolve(resolved);
  }

  @Benchmark
  public LogEvent upperCaseIds() {
    return resolver.resolve(upperCase);
  }

  @Benchmark
  public LogEvent hashedRequestId() {
    return resolver.resolve(requestId);
  }

  @Benchmark
  public LogEvent traceparentAttribute() {
    return resolver.resolve(traceparentHeader);
  }

  @Benchmark
  public LogEvent noContextScansTheMessage() {
    return resolver.resolve(noContext);
  }
}
