package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.DependencyLink;
import zipkin2.Span;
import zipkin2.codec.DependencyLinkBytesDecoder;
import zipkin2.codec.SpanBytesDecoder;
import zipkin2.internal.DependencyLinker;

/**
 * {@code tracelake export --post-to} against a real Zipkin server (the {@code io.zipkin:zipkin-server} exec jar from
 * Maven Central, in-memory storage, on 127.0.0.1, stopped by its process handle whatever the test's outcome): every
 * trace of a generated day goes in batches, and every trace and the day's dependency links read back from the
 * server's own API equal what the export wrote and what Zipkin's linker makes of it.
 */
class ZipkinServerIT {

  private static final String DAY = "2026-11-20";

  @TempDir
  Path dir;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @Test
  void everyBatchedTraceAndTheDependencyLinksReadBackFromARealZipkinServer() throws Exception {
    Path jar = Path.of(System.getProperty("tracelake.zipkinServerJar"));
    assertThat(jar).exists();
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--armeria.ports[0].port=" + port,
        "--armeria.ports[0].ip=127.0.0.1", "--armeria.ports[0].protocols[0]=http")
        .redirectErrorStream(true).redirectOutput(dir.resolve("zipkin.log").toFile());
    builder.environment().put("STORAGE_TYPE", "mem");
    Process zipkin = builder.start();
    try {
      // the day is made while the server starts
      assertThat(cli("generate", "--out", dir.resolve("day").toString(), "--date", DAY, "--requests", "40"))
          .isEqualTo(ExitCodes.OK);
      String config = dir.resolve("day/tracelake.yaml").toString();
      assertThat(cli("run", "--config", config, "--date", DAY)).isEqualTo(ExitCodes.OK);
      Path file = dir.resolve("all.json");
      assertThat(cli("export", "--format", "zipkin", "--config", config, "--date", DAY, "--min-duration", "0",
          "--out", file.toString())).isEqualTo(ExitCodes.OK);
      List<Span> exported = SpanBytesDecoder.JSON_V2.decodeList(Files.readAllBytes(file));
      Map<String, List<Span>> byTrace = exported.stream().collect(Collectors.groupingBy(Span::traceId));
      assertThat(byTrace).hasSizeGreaterThanOrEqualTo(40);

      String base = "http://127.0.0.1:" + port;
      awaitHealthy(base, zipkin);
      StringWriter err = new StringWriter();
      int code = cli(err, "export", "--format", "zipkin", "--config", config, "--date", DAY, "--min-duration", "0",
          "--post-to", base + "/api/v2/spans", "--batch-size", "7");
      assertThat(code).as(err.toString()).isEqualTo(ExitCodes.OK);
      int batches = (byTrace.size() + 6) / 7;
      assertThat(err.toString()).contains(byTrace.size() + " traces, " + exported.size() + " spans in " + batches
          + " batches sent to " + base + "/api/v2/spans");

      // the collector stores asynchronously: wait until the last trace is readable
      for (Map.Entry<String, List<Span>> trace : byTrace.entrySet()) {
        List<Span> stored = awaitTrace(base, trace.getKey(), trace.getValue().size());
        assertThat(new HashSet<>(stored)).as("trace %s", trace.getKey()).isEqualTo(new HashSet<>(trace.getValue()));
      }

      DependencyLinker linker = new DependencyLinker();
      byTrace.values().forEach(linker::putTrace);
      Set<DependencyLink> expected = new HashSet<>(linker.link());
      assertThat(expected).isNotEmpty();
      long endTs = Instant.parse("2026-11-22T00:00:00Z").toEpochMilli();
      HttpResponse<byte[]> links = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/dependencies?endTs="
          + endTs + "&lookback=" + Duration.ofDays(4).toMillis())).build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(links.statusCode()).isEqualTo(200);
      assertThat(new HashSet<>(DependencyLinkBytesDecoder.JSON_V1.decodeList(links.body()))).isEqualTo(expected);
    } finally {
      zipkin.destroy();
      if (!zipkin.waitFor(20, TimeUnit.SECONDS)) {
        zipkin.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static int cli(String... args) {
    return cli(new StringWriter(), args);
  }

  private static int cli(StringWriter err, String... args) {
    return TracelakeCommand.execute(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args);
  }

  private void awaitHealthy(String base, Process zipkin) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (System.nanoTime() < deadline) {
      assertThat(zipkin.isAlive()).as("zipkin exited: " + Files.readString(dir.resolve("zipkin.log"))).isTrue();
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      Thread.sleep(250);
    }
    throw new AssertionError("zipkin did not answer /health in 180 s: " + Files.readString(dir.resolve("zipkin.log")));
  }

  private List<Span> awaitTrace(String base, String traceId, int spans) throws IOException, InterruptedException {
    List<Span> stored = new ArrayList<>();
    for (int attempt = 0; attempt < 40 && stored.size() < spans; attempt++) {
      HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/trace/" + traceId))
          .build(), HttpResponse.BodyHandlers.ofByteArray());
      stored = response.statusCode() == 200 ? SpanBytesDecoder.JSON_V2.decodeList(response.body()) : List.of();
      if (stored.size() < spans) {
        Thread.sleep(250);
      }
    }
    return stored;
  }
}
