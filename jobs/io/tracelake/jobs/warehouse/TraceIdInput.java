package io.tracelake.jobs.warehouse;

import io.tracelake.parsers.context.PropagationHeaders;
import io.tracelake.parsers.context.TraceContext;
import io.tracelake.parsers.context.TraceIds;

/**
 * A trace id as a user pastes it, turned into the stored form with the code ingest uses, so that what
 * was logged finds what was stored: 32 or 16 hex digits (any case, {@code 0x} allowed), a dashed UUID,
 * a whole propagation header value ({@code traceparent}, {@code uber-trace-id}, {@code X-Amzn-Trace-Id},
 * B3), or any other request id, which ingest hashed into the trace id.
 */
public final class TraceIdInput {

  private TraceIdInput() {}

  /** The stored trace id (32 lowercase hex) the text stands for. */
  public static String normalize(String pasted) {
    if (pasted == null || pasted.isBlank()) {
      throw new IllegalArgumentException("the trace id is empty");
    }
    String text = pasted.strip();
    if (!TraceIds.isHexTraceId(text)) {
      // a header value holds more than the id; read it the way the header resolver does
      for (TraceContext context : new TraceContext[] {PropagationHeaders.traceparent(text),
          PropagationHeaders.uberTraceId(text), PropagationHeaders.amznTraceId(text), PropagationHeaders.b3(text)}) {
        if (context != null && !looksLikeUuid(text)) {
          return context.traceId();
        }
      }
    }
    String id = TraceIds.normalizeTraceId(text);
    if (id == null) {
      throw new IllegalArgumentException("'" + pasted + "' is no trace id (zero, or a placeholder such as '-')");
    }
    return id;
  }

  /**
   * The 16 lowercase hex digits of a pasted 64-bit id ({@code 0x} allowed), or null when the text is anything
   * else. Zipkin and B3 users paste the lower half of a 128-bit trace id; ingest stores a logged 64-bit id padded
   * with zeros, so such an id may stand for either.
   */
  public static String lowerHalf(String pasted) {
    if (pasted == null) {
      return null;
    }
    String text = pasted.strip();
    if (text.startsWith("0x") || text.startsWith("0X")) {
      text = text.substring(2);
    }
    return text.matches("[0-9a-fA-F]{16}") ? text.toLowerCase(java.util.Locale.ROOT) : null;
  }

  /** 8-4-4-4-12 hex: a UUID, which B3's {@code trace-span} form would otherwise also accept. */
  private static boolean looksLikeUuid(String text) {
    return text.length() == 36 && text.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  }
}
