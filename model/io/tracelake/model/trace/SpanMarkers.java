package io.tracelake.model.trace;

/**
 * Attribute names and values by which a log line marks the start or end of a span, as services log them
 * with structured arguments (e.g. logstash-logback-encoder's {@code kv("span_event", "start")}).
 */
public final class SpanMarkers {
  public static final String SPAN_EVENT = "span_event";
  public static final String START = "start";
  public static final String END = "end";
  public static final String SPAN_NAME = "span_name";
  public static final String SPAN_KIND = "span_kind";
  /** The remote side of a client or producer span, e.g. {@code postgres}. */
  public static final String PEER_SERVICE = "peer_service";
  /** The HTTP status a server answered or a client got. */
  public static final String STATUS_CODE = "status_code";

  private SpanMarkers() {}
}
