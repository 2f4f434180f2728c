package io.tracelake.model;

import java.util.Objects;

/**
 * A line that could not be parsed: the reason, a one-line human explanation, and the raw text
 * (cut to {@code maxRawChars}; {@code rawBytes} keeps the original length).
 */
public record RejectedLine(RejectReason reason, String detail, String raw, int rawBytes) {
  public RejectedLine {
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
  }
}
