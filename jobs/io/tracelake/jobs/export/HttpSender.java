package io.tracelake.jobs.export;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Posts JSON bodies to a trace server's collector (Zipkin's {@code /api/v2/spans}, an OTLP/HTTP
 * {@code /v1/traces}) with the JDK's HTTP client. What a server may answer differently a moment later is
 * retried with exponential back-off (no answer, 408, 429, 5xx; a {@code Retry-After} in seconds is honoured up
 * to {@link #MAX_WAIT}); what it will answer again is not (any other 4xx, e.g. 413 for a body over its limit).
 */
public final class HttpSender {

  static final Duration FIRST_WAIT = Duration.ofMillis(500);
  static final Duration MAX_WAIT = Duration.ofSeconds(30);

  /** What became of one body: the attempts made, the last status (0: no answer) and, on failure, why. */
  public record Delivery(boolean delivered, int attempts, int status, String problem) {}

  private final HttpClient client;
  private final URI target;
  private final int retries;
  private final Duration firstWait;

  /**
   * @param retries attempts after the first for a body the server may take later
   */
  public HttpSender(URI target, int retries) {
    this(target, retries, FIRST_WAIT);
  }

  HttpSender(URI target, int retries, Duration firstWait) {
    if (!"http".equals(target.getScheme()) && !"https".equals(target.getScheme())) {
      throw new IllegalArgumentException("--post-to must be an http or https URL, was '" + target + "'");
    }
    this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    this.target = target;
    this.retries = retries;
    this.firstWait = firstWait;
  }

  public Delivery post(byte[] json) throws InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
    Duration wait = firstWait;
    int status = 0;
    String problem = null;
    for (int attempt = 1; attempt <= retries + 1; attempt++) {
      Optional<Duration> retryAfter = Optional.empty();
      try {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        status = response.statusCode();
        if (status / 100 == 2) {
          return new Delivery(true, attempt, status, null);
        }
        problem = "HTTP " + status + answer(response.body())
            + (status == 413 ? " (the body of " + json.length + " bytes is over the server's limit: use a smaller "
                + "--batch-size)" : "");
        if (status != 408 && status != 429 && status / 100 != 5) {
          return new Delivery(false, attempt, status, problem);
        }
        retryAfter = response.headers().firstValue("Retry-After").filter(v -> v.matches("\\d{1,6}"))
            .map(v -> Duration.ofSeconds(Long.parseLong(v)));
      } catch (IOException e) {
        status = 0;
        problem = "no answer from " + target.getHost() + ":" + target.getPort() + " (" + e.getClass().getSimpleName()
            + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
      }
      if (attempt <= retries) {
        Duration pause = retryAfter.orElse(wait);
        Thread.sleep(Math.min(pause.toMillis(), MAX_WAIT.toMillis()));
        wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
      }
    }
    return new Delivery(false, retries + 1, status, problem);
  }

  /** The start of the server's answer, on one line: enough to say why, never a page of HTML. */
  private static String answer(String body) {
    String text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
    return text.isEmpty() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) + "…" : text);
  }
}
