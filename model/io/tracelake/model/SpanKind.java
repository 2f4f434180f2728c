package io.tracelake.model;

/** The role of a span in a call, as in OpenTelemetry and Zipkin. */
public enum SpanKind {
  SERVER, CLIENT, PRODUCER, CONSUMER, INTERNAL;

  /** The kind named by {@code text} (any case), or INTERNAL when it names none. */
  public static SpanKind parseOrInternal(String text) {
    if (text != null) {
      for (SpanKind kind : values()) {
        if (kind.name().equalsIgnoreCase(text)) {
          return kind;
        }
      }
    }
    return INTERNAL;
  }
}
