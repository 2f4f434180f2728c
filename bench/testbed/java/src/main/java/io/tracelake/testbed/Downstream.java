package io.tracelake.testbed;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls another test-bed service over HTTP on 127.0.0.1; the agent instruments java.net.http (CLIENT spans). */
final class Downstream {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2))
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private Downstream() {}

  /** A downstream answer: its status and body. */
  record Answer(int status, String body) {
    boolean ok() {
      return status < 400;
    }
  }

  static Answer get(int port, String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(port, path)).GET());
  }

  static Answer post(int port, String path, String body) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(uri(port, path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)));
  }

  private static Answer send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<String> response = CLIENT.send(request.timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  private static URI uri(int port, String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  /** A port from a system property, e.g. {@code -Dport.pricing=18082}. */
  static int port(String service) {
    String value = System.getProperty("port." + service);
    if (value == null) {
      throw new IllegalStateException("missing -Dport." + service);
    }
    return Integer.parseInt(value);
  }
}
