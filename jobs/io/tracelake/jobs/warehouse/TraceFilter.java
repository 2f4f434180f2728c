package io.tracelake.jobs.warehouse;

import java.time.Instant;

/**
 * Which traces an export takes from the traces table; null fields do not filter.
 *
 * @param service traces with at least one span of this service
 * @param errorsOnly traces with an error
 * @param minDurationUs traces at least this long
 * @param start traces that started at or after this instant
 * @param end traces that started before this instant
 * @param limit at most this many traces, the earliest first
 */
public record TraceFilter(String service, boolean errorsOnly, Long minDurationUs, Instant start, Instant end,
    Integer limit) {}
