package io.tracelake.simulator;

import io.tracelake.model.SpanKind;
import java.util.List;

/**
 * An operation a service serves: an HTTP route (a SERVER span) or a topic listener (a CONSUMER span),
 * with its own processing time, failure modes, the lines it may log and what it calls.
 *
 * @param method HTTP method, null for a listener
 * @param pathTemplate the request path with at most one placeholder, e.g. {@code /orders/{id}}; null for a listener
 * @param okStatus HTTP status of a success, 0 for a listener
 * @param upstreamFailureStatus HTTP status when something it called failed, 0 for a listener
 */
record Endpoint(
    String service,
    SpanKind kind,
    String name,
    String method,
    Template pathTemplate,
    String logger,
    ThreadPool threads,
    Latency selfTime,
    List<Failure> failures,
    List<NoteTemplate> notes,
    int okStatus,
    int upstreamFailureStatus,
    SpanBehavior behavior) {

  Endpoint {
    failures = List.copyOf(failures);
    notes = List.copyOf(notes);
  }

  /** An HTTP route of a Spring MVC service; {@code route} names the span, e.g. {@code GET /orders/{id}}. */
  static Endpoint http(String service, String method, String route, String controller, Latency selfTime,
      List<Failure> failures, List<NoteTemplate> notes, SpanBehavior behavior) {
    return new Endpoint(service, SpanKind.SERVER, method + " " + route, method, new Template(route),
        "com.shop." + service + ".web." + controller, ThreadPool.TOMCAT, selfTime, failures, notes,
        "POST".equals(method) ? 201 : 200, 500, behavior);
  }

  /** A route of the reactive gateway: its failures are those of the services behind it, as 502. */
  static Endpoint gateway(String method, String route, String pathPattern, Latency selfTime, SpanBehavior behavior) {
    return new Endpoint("gateway", SpanKind.SERVER, method + " " + route, method, new Template(pathPattern),
        "com.shop.gateway.filter.AccessLogFilter", ThreadPool.REACTOR, selfTime, List.of(),
        List.of(NoteTemplate.debug("Route matched by predicate Path=" + route),
            NoteTemplate.debug("Rate limit check passed")),
        "POST".equals(method) ? 201 : 200, 502, behavior);
  }

  /** A Kafka listener of {@code topic}; its span's parent is the producer's span. */
  static Endpoint listener(String service, String topic, String listenerClass, Latency selfTime,
      List<Failure> failures, List<NoteTemplate> notes, SpanBehavior behavior) {
    return new Endpoint(service, SpanKind.CONSUMER, "process " + topic, null, null,
        "com.shop." + service + ".events." + listenerClass, ThreadPool.KAFKA, selfTime, failures, notes, 0, 0,
        behavior);
  }

  /** The concrete path with {@code value} in its placeholder, e.g. {@code /orders/523411}. */
  String path(String value) {
    return pathTemplate.render(value);
  }

  /** The request path of a route without a placeholder, e.g. {@code /checkout}. */
  String path() {
    return pathTemplate.text();
  }
}
