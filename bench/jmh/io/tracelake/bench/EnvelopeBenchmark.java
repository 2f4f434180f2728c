package io.tracelake.bench;

import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.envelope.Envelope;
import io.tracelake.parsers.envelope.EnvelopeFormat;
import io.tracelake.parsers.envelope.JoinedLine;
import io.tracelake.parsers.envelope.PartialLineJoiner;
import java.nio.charset.StandardCharsets;
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

/** Lines per second unwrapped (and passed through the joiner) on one core, around a ~200-byte JSON line. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class EnvelopeBenchmark {

  private static final String INNER = "{\"@timestamp\":\"2026-11-20T10:15:30.123456Z\",\"message\":\"Received GET /api/orders/8412\","
      + "\"logger_name\":\"c.s.o.OrderController\",\"thread_name\":\"exec-7\",\"level\":\"INFO\","
      + "\"traceId\":\"4bf92f3577b34da6a3ce929d0e0e4736\",\"spanId\":\"00f067aa0ba902b7\"}";

  private final byte[] dockerLine = ("{\"log\":\"" + INNER.replace("\"", "\\\"") + "\\n\",\"stream\":\"stdout\","
      + "\"time\":\"2026-11-20T10:15:30.123456789Z\"}").getBytes(StandardCharsets.UTF_8);
  private final byte[] criLine = ("2026-11-20T10:15:30.123456789Z stdout F " + INNER).getBytes(StandardCharsets.UTF_8);
  private final Envelope docker = EnvelopeFormat.DOCKER_JSON.newEnvelope();
  private final Envelope cri = EnvelopeFormat.CRI.newEnvelope();
  private final PartialLineJoiner joiner = new PartialLineJoiner(1 << 20);

  @Benchmark
  public JoinedLine dockerJsonLine() throws LineRejectedException {
    return joiner.add(docker.unwrap(dockerLine, 0, dockerLine.length), 1);
  }

  @Benchmark
  public JoinedLine criLine() throws LineRejectedException {
    return joiner.add(cri.unwrap(criLine, 0, criLine.length), 1);
  }
}
