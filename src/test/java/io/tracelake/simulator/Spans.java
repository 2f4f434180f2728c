package io.tracelake.simulator;

import io.tracelake.model.SpanKind;
import java.time.Instant;
import java.time.ZoneOffset;

/** Hand-made spans for tests of the encoders: a request to the cart, and calls it makes. */
final class Spans {
  static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  static final String SPAN_ID = "00f067aa0ba902b7";
  static final String PARENT_ID = "b7ad6b7169203331";
  /** 2026-11-20T10:15:30.123456Z */
  static final long START_US = Instant.parse("2026-11-20T10:15:30Z").getEpochSecond() * 1_000_000L + 123_456;
  static final Host CART_1 = new Host(3, "cart", "cart-1", 0, ZoneOffset.ofHours(1));

  private Spans() {}

  /** GET /cart/{id} served by cart-1, 12.345 ms long. */
  static SimulatedSpan cartRequest() {
    SimulatedSpan span = new SimulatedSpan(TRACE_ID, SPAN_ID, PARENT_ID, CART_1, "GET /cart/{id}", SpanKind.SERVER,
        null, "com.shop.cart.web.CartController", "http-nio-8080-exec-7", "Received GET /cart/42", START_US, 0);
    span.endUs = START_US + 12_345;
    span.statusCode = 200;
    span.httpMethod = "GET";
    span.httpPath = "/cart/42";
    return span;
  }

  /** The same request, failed because the database was not reachable. */
  static SimulatedSpan failedCartRequest() {
    SimulatedSpan span = cartRequest();
    span.statusCode = 500;
    span.failure = "SQLTransientConnectionException: HikariPool-1 - Connection is not available, request timed out "
        + "after 1000ms";
    return span;
  }

  static SimulatedSpan span(SpanKind kind, String name, String peer, String logger, String thread, String failure) {
    SimulatedSpan span = new SimulatedSpan(TRACE_ID, SPAN_ID, PARENT_ID, CART_1, name, kind, peer, logger, thread,
        "Running " + name, START_US, 0);
    span.endUs = START_US + 1000;
    span.failure = failure;
    return span;
  }

  static LogLine start(SimulatedSpan span) {
    return new LogLine(span.startUs + span.host.clockSkewUs(), 0, span, LogLine.Event.START, null);
  }

  static LogLine end(SimulatedSpan span) {
    return new LogLine(span.endUs + span.host.clockSkewUs(), 1, span, LogLine.Event.END, null);
  }
}
