package io.tracelake.model.trace;

import io.tracelake.model.ParentSource;

/**
 * One outgoing call or publish seen on the caller's side, on the caller's clock: from a client or producer
 * span, or from a "Calling ..." / "Publishing ..." line and its "completed" line. {@code endUs} is
 * {@link Long#MIN_VALUE} when no end was logged. {@code parent} is what the callee's span hangs under:
 * the client span when there is one, else the caller's span.
 */
record CallEvidence(SpanDraft parent, ParentSource source, String service, String method, String path, String topic,
    String message, long startUs, long endUs) {

  boolean hasEnd() {
    return endUs != Long.MIN_VALUE;
  }
}
