package io.tracelake.jobs.cli;

import io.tracelake.jobs.warehouse.TraceFilter;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.Option;

/** Which traces {@code search} and {@code export} take: the filter options they share. */
final class TraceFilterOptions {

  @Option(names = "--service", paramLabel = "NAME", description = "Traces with a span of this service.")
  String service;

  @Option(names = "--operation", paramLabel = "NAME",
      description = "Traces with a span of this operation (of --service when given); ids in it are placeholders "
          + "as in the aggregates: 'GET /orders/8412' and 'GET /orders/{id}' are one operation.")
  String operation;

  @Option(names = "--errors-only", description = "Traces with an error.")
  boolean errorsOnly;

  @Option(names = "--min-duration", paramLabel = "MS", description = "Traces at least this many milliseconds long.")
  Double minDurationMs;

  @Option(names = "--max-duration", paramLabel = "MS", description = "Traces at most this many milliseconds long.")
  Double maxDurationMs;

  @Option(names = "--start", paramLabel = "INSTANT",
      description = "Traces that started at or after, e.g. 2026-11-20T10:00:00Z.")
  String start;

  @Option(names = "--end", paramLabel = "INSTANT", description = "Traces that started before.")
  String end;

  @Option(names = "--attribute", paramLabel = "KEY=VALUE",
      description = "Traces with a log line whose attribute KEY is VALUE, e.g. user_id=8412 (reads the events' "
          + "attributes of every day searched: the slowest filter).")
  String attribute;

  @Option(names = "--limit", paramLabel = "N", description = "At most N traces.")
  Integer limit;

  boolean filters() {
    return service != null || operation != null || errorsOnly || minDurationMs != null || maxDurationMs != null
        || start != null || end != null || attribute != null;
  }

  /** The options as a filter; a bad value is an IllegalArgumentException naming the option. */
  TraceFilter toFilter() {
    if (limit != null && limit < 1) {
      throw new IllegalArgumentException("--limit must be at least 1, was " + limit);
    }
    for (Double ms : new Double[] {minDurationMs, maxDurationMs}) {
      if (ms != null && (ms < 0 || ms.isNaN())) {
        throw new IllegalArgumentException("durations must not be negative, was " + ms);
      }
    }
    int equals = attribute == null ? -1 : attribute.indexOf('=');
    if (attribute != null && equals < 1) {
      throw new IllegalArgumentException("--attribute must be KEY=VALUE, was '" + attribute + "'");
    }
    return new TraceFilter(service, operation, errorsOnly, micros(minDurationMs), micros(maxDurationMs),
        instant("--start", start), instant("--end", end), equals < 0 ? null : attribute.substring(0, equals),
        equals < 0 ? null : attribute.substring(equals + 1), limit);
  }

  private static Long micros(Double ms) {
    return ms == null ? null : Math.round(ms * 1000);
  }

  private static Instant instant(String option, String text) {
    if (text == null) {
      return null;
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(option + " '" + text + "' is not an instant such as 2026-11-20T10:00:00Z");
    }
  }
}
