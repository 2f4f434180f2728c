package io.tracelake.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/** Which ids the application log lines carry, and so how much a rebuild has to infer. */
public enum IdMode {
  /**
   * Trace id, span id, parent span id (where the format has a place for it) and the span markers
   * ({@code span_event}, {@code span_name}, {@code span_kind}, {@code peer_service}, {@code status_code})
   * on start and end entries: everything, as before modes existed.
   */
  FULL("full"),
  /**
   * Trace id and span id only, as the MDC of Sleuth or Micrometer Tracing puts them in text logs: no
   * parent span id and no span markers in any format.
   */
  SPAN("span"),
  /**
   * A request id only (the trace id written as a dashed UUID) in each format's own request-id field: no
   * trace or span ids, no markers.
   */
  REQUEST("request");

  private final String optionName;

  IdMode(String optionName) {
    this.optionName = optionName;
  }

  /** The name {@code --ids} takes. */
  public String optionName() {
    return optionName;
  }

  /** The mode of that option name. */
  public static IdMode byOptionName(String name) {
    return Arrays.stream(values()).filter(m -> m.optionName.equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("'" + name + "' is not an id mode; use one of "
            + Arrays.stream(values()).map(IdMode::optionName).collect(Collectors.joining(", "))));
  }

  /** True when start and end entries carry the span markers, and logs a parent span id. */
  boolean markers() {
    return this == FULL;
  }

  /** The trace id as a UUID, 8-4-4-4-12 of its 32 hex digits: the request id of {@link #REQUEST}. */
  static String requestId(String traceId) {
    return traceId.substring(0, 8) + '-' + traceId.substring(8, 12) + '-' + traceId.substring(12, 16) + '-'
        + traceId.substring(16, 20) + '-' + traceId.substring(20);
  }
}
