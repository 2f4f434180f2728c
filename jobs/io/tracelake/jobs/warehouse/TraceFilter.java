package io.tracelake.jobs.warehouse;

import java.time.Instant;

/**
 * Which traces {@code export} and {@code search} take; null fields do not filter.
 *
 * @param service traces with at least one span of this service
 * @param operation traces with at least one span of this operation (of {@code service} when given), compared as
 *     the aggregates name operations: {@code GET /orders/8412} and {@code GET /orders/{id}} are one operation
 * @param errorsOnly traces with an error
 * @param minDurationUs traces at least this long
 * @param maxDurationUs traces at most this long
 * @param start traces that started at or after this instant
 * @param end traces that started before this instant
 * @param attributeKey traces with an event whose attribute of this name is {@code attributeValue}
 * @param attributeValue see {@code attributeKey}
 * @param limit at most this many traces, the first in the order asked
 */
public record TraceFilter(String service, String operation, boolean errorsOnly, Long minDurationUs,
    Long maxDurationUs, Instant start, Instant end, String attributeKey, String attributeValue, Integer limit) {

  /** The filter {@code export} offered before operations, maximum durations and attributes. */
  public TraceFilter(String service, boolean errorsOnly, Long minDurationUs, Instant start, Instant end,
      Integer limit) {
    this(service, null, errorsOnly, minDurationUs, null, start, end, null, null, limit);
  }

  /** True when no field filters: every trace passes. */
  public boolean isEmpty() {
    return service == null && operation == null && !errorsOnly && minDurationUs == null && maxDurationUs == null
        && start == null && end == null && attributeKey == null;
  }
}
