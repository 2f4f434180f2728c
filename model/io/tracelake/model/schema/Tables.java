package io.tracelake.model.schema;

import static io.tracelake.model.schema.Column.optional;
import static io.tracelake.model.schema.Column.required;
import static io.tracelake.model.schema.ColumnType.ARRAY_STRING;
import static io.tracelake.model.schema.ColumnType.BINARY;
import static io.tracelake.model.schema.ColumnType.BOOLEAN;
import static io.tracelake.model.schema.ColumnType.DOUBLE;
import static io.tracelake.model.schema.ColumnType.INT;
import static io.tracelake.model.schema.ColumnType.LONG;
import static io.tracelake.model.schema.ColumnType.MAP_STRING_STRING;
import static io.tracelake.model.schema.ColumnType.PATH_STEPS;
import static io.tracelake.model.schema.ColumnType.STRING;
import static io.tracelake.model.schema.ColumnType.TIMESTAMP;

import java.util.List;

/**
 * The warehouse tables and their columns: the one definition the job writes from and that
 * model/SCHEMA.md documents (a test keeps the two equal).
 *
 * <p>Bump {@link #SCHEMA_VERSION} on any change a reader could notice, and say what changed in SCHEMA.md.
 */
public final class Tables {

  public static final int SCHEMA_VERSION = 8; // 8: spans' tree columns, calls per trace, critical_path_daily

  private static final Column TRACE_ID = optional("trace_id", STRING, "32 lowercase hex",
      "Trace (request) id the entry belongs to; null when the line carried none.");

  public static final Table EVENTS = new Table("events", "One row per parsed log entry.", List.of(
      required("ts", TIMESTAMP, "UTC", "When the entry was logged, as the host's clock said; always in [1900-01-01, 2300-01-01): "
          + "a line with a time outside is a bad_timestamp reject."),
      optional("level", STRING, null, "Severity: TRACE, DEBUG, INFO, WARN, ERROR or FATAL."),
      optional("service", STRING, null, "Service that wrote the entry."),
      optional("instance", STRING, null, "Instance (host, pod) of the service that wrote the entry."),
      optional("logger", STRING, null, "Logger name, usually a class name."),
      optional("thread", STRING, null, "Thread that logged the entry."),
      optional("message", STRING, null, "The log message."),
      TRACE_ID,
      optional("span_id", STRING, "16 lowercase hex", "Span id in the logging context, if any."),
      optional("parent_span_id", STRING, "16 lowercase hex", "Parent span id in the logging context, if any."),
      required("attributes", MAP_STRING_STRING, null,
          "Every other field of the entry, by its name in the source, values as text."),
      required("source", STRING, null, "Name of the configured log source the file was read as."),
      required("source_file", STRING, "URI", "File the line was read from."),
      required("line_number", LONG, "1-based", "Line number within the (decompressed) file."),
      required("line_count", INT, "lines",
          "Lines the entry spans: 1; more when continuation lines (a stack trace) or the pieces of a line a "
              + "container runtime split were joined into it; 0 for the second and later records of a line "
              + "holding several (an OTLP/JSON batch)."),
      optional("request_id", STRING, null,
          "Request id as logged, when it was not a hex trace id; trace_id is then derived from it."),
      optional("exception_type", STRING, null, "Type of the exception the entry reports, e.g. `java.io.IOException`."),
      optional("exception_message", STRING, null, "Message of that exception."),
      optional("http_method", STRING, null, "Access logs: the request's method."),
      optional("http_path", STRING, null, "Access logs: the request's path, without the query string."),
      optional("http_status", INT, null, "Access logs: the response status."),
      optional("duration_us", LONG, "µs", "Access logs: how long the request took."),
      optional("stream", STRING, null, "stdout or stderr, from a container runtime's envelope."),
      required("time_source", STRING, null,
          "Where `ts` came from: `line` (the entry's own time) or `envelope` (the entry has none: the time the "
              + "container runtime, Docker or CRI, stamped the line with)."))).sortedWithLookupBy(
      // ties in time in the order they were logged: the order the rebuild reads a trace's events in
      List.of("trace_id", "ts", "source_file", "line_number"), "trace_id")
      .withoutDictionary(List.of("message", "span_id", "parent_span_id"));

  public static final Table REJECTS = new Table("rejects", "One row per input line that did not become an event.",
      List.of(
          required("reason", STRING, null,
              "Reason code: blank_line, line_too_long, invalid_utf8, malformed_json, not_an_object, "
                  + "missing_timestamp, bad_timestamp, no_match, bad_envelope, parser_error, line_too_costly."),
          required("detail", STRING, null, "What was wrong, in one line."),
          required("raw", STRING, null, "The line as read (invalid UTF-8 replaced by U+FFFD), cut to 4096 characters."),
          required("raw_bytes", INT, "bytes", "Length of the original line in bytes."),
          required("source", STRING, null, "Name of the configured log source the file was read as."),
          required("source_file", STRING, "URI", "File the line was read from."),
          required("line_number", LONG, "1-based", "Line number within the (decompressed) file."),
          required("line_count", INT, "lines",
              "Lines the rejected entry spans: 1, or the pieces of a line a container runtime split.")));

  public static final Table SPANS = new Table("spans", "One row per span rebuilt from the events.", List.of(
      required("trace_id", STRING, "32 lowercase hex", "Trace the span belongs to."),
      required("span_id", STRING, "16 lowercase hex", "Id of the span."),
      optional("parent_span_id", STRING, "16 lowercase hex", "Id of the parent span; null for a root."),
      optional("service", STRING, null, "Service that did the work."),
      optional("instance", STRING, null, "Instance (host, pod) that did the work."),
      optional("name", STRING, null, "Operation, e.g. `GET /orders/{id}` or `SELECT orders`."),
      required("kind", STRING, null, "SERVER, CLIENT, PRODUCER, CONSUMER or INTERNAL."),
      required("start_time", TIMESTAMP, "UTC",
          "Start of the span, on the clock of the trace's root host: the span's host's clock plus `clock_skew_us`."),
      required("end_time", TIMESTAMP, "UTC", "End of the span, on the same clock as `start_time`."),
      required("duration_us", LONG, "µs", "end_time − start_time."),
      required("status", STRING, null, "OK, or ERROR when the span logged at ERROR level or above."),
      required("event_count", INT, null, "Number of events of the span."),
      optional("peer_service", STRING, null,
          "Client and producer spans: the remote side as logged (`peer_service`), e.g. `postgres`, `redis`, `payments`."),
      optional("http_status", INT, null, "The HTTP status the span's events reported, the last one if several."),
      optional("exception_type", STRING, null, "The exception the span's events reported, the first one if several."),
      required("timing_source", STRING, null, "Where start and end came from: `markers` (start and end lines), "
          + "`duration` (an end line's \"completed in N ms\"), `access_log` (an access-log line's time and duration), "
          + "`first_last_event`, or `children` (a made-up root spanning its children)."),
      required("parent_source", STRING, null, "How the parent was found: `explicit` (logged by the span), `header` "
          + "(a propagated header), `shared_id` (B3 client and server halves of one id), `client_span` or "
          + "`call_line` (the caller's call matched by service, method and path), `producer` (a publish matched "
          + "by message and topic), `mention` (a span of another service whose lines name its service), "
          + "`enclosing` (the tightest span around it in time), `near` (a span whose lines stop just before it or "
          + "start just after it, within the enclosure tolerance), `after_response` (work its instance went on with after answering the request), "
          + "`root_fallback` (no evidence: under the root rather than a second root), or `none` (a root)."),
      required("parent_confidence", DOUBLE, "0..1",
          "1 for a logged parent, lower for an inferred one (see SCHEMA.md), 0 for a root."),
      required("clock_skew_us", LONG, "µs",
          "Correction added to the times the span's host logged, estimated from its caller/callee pairs; 0 when none."),
      required("inferred", BOOLEAN, null,
          "True when the logs carried no span id and tracelake made one up (one span per handling of the request "
              + "by an instance)."),
      required("kind_source", STRING, null, "Where `kind` came from: `logged` (the span's events named it), "
          + "`evidence` (a line's wording: a request received, a call, a publish, a query, an access log), "
          + "`inferred` (nothing named it, but its parent is on another service, so it is that service's entry: "
          + "SERVER, or CONSUMER when it began after its parent ended or under a publish; or it logged only an "
          + "end line naming a request that a server of the trace answered, so it is that call's CLIENT), or "
          + "`none` (INTERNAL by default)."),
      optional("depth", INT, null, "Place in the span's tree: 0 for a root, its parent's depth + 1 otherwise. Null in "
          + "days written before schema version 8."),
      optional("root_span_id", STRING, "16 lowercase hex", "Span id of the root of the span's tree (its own for a "
          + "root; a trace with several roots has several trees). Null before version 8."),
      optional("nested_left", INT, null, "Nested-set bounds within the trace: a span is an ancestor of another of "
          + "the same trace when its `nested_left` is smaller and its `nested_right` larger; a subtree is the "
          + "range between a span's bounds. Numbered depth first, children in start order. Null before version 8."),
      optional("nested_right", INT, null, "See `nested_left`."))).sortedWithLookupBy(List.of("trace_id", "start_time"), "trace_id")
      .withoutDictionary(List.of("span_id", "parent_span_id", "root_span_id"));

  public static final Table TRACES = new Table("traces", "One row per trace.", List.of(
      required("trace_id", STRING, "32 lowercase hex", "Id of the trace."),
      optional("root_span_id", STRING, "16 lowercase hex", "Span with no parent in the trace (earliest one if several)."),
      optional("root_service", STRING, null, "Service of the root span."),
      optional("root_operation", STRING, null, "Operation (name) of the root span."),
      required("start_time", TIMESTAMP, "UTC", "Earliest span start."),
      required("end_time", TIMESTAMP, "UTC", "Latest span end (asynchronous work included)."),
      required("duration_us", LONG, "µs", "end_time − start_time."),
      required("span_count", INT, null, "Number of spans."),
      required("service_count", INT, null, "Number of distinct services."),
      required("error", BOOLEAN, null, "True when any span of the trace has status ERROR."),
      required("root_source", STRING, null,
          "`found` when a span without a parent exists, `synthetic` when the root logged nothing and was made up."),
      required("root_count", INT, null, "Spans without a parent; more than 1 means the trace fell apart."),
      required("orphan_spans", INT, null, "Spans whose logged parent id names no span of the trace."),
      required("skew_adjusted", BOOLEAN, null, "True when some span's times were corrected for clock skew."),
      required("duplicate_events", INT, null, "Events dropped as duplicates of another (the same line shipped twice)."),
      required("truncated", BOOLEAN, null,
          "True when the trace had more events than `rebuild.max_events_per_trace`; only the first were used."),
      required("event_count", LONG, null, "Events of the trace (of this day and the margins), duplicates included."),
      required("critical_path", PATH_STEPS, null,
          "The chain of spans that sets the root's latency, in time order, each with `self_us`, the time it "
              + "spent on the path itself; the `self_us` add up to the root's duration."))).sortedWithLookupBy(
      List.of("trace_id"), "trace_id").withoutDictionary(List.of("root_span_id", "critical_path"));

  private static List<Column> latencyColumns(String what) {
    return List.of(
        required("calls", LONG, null, "Number of " + what + "."),
        required("errors", LONG, null, "Of which failed (status ERROR)."),
        required("error_rate", DOUBLE, "0..1", "errors / calls."),
        required("p50_us", LONG, "µs", "Median latency (DDSketch, 1% relative accuracy)."),
        required("p90_us", LONG, "µs", "90th percentile latency."),
        required("p95_us", LONG, "µs", "95th percentile latency."),
        required("p99_us", LONG, "µs", "99th percentile latency."),
        required("max_us", LONG, "µs", "Largest latency, exact."),
        required("latency_sketch", BINARY, null,
            "The latencies as a serialised DDSketch (sketches-java, 1% relative accuracy): merge sketches of "
                + "several days to get exact-within-1% percentiles of the period."));
  }

  /** How an edge's calls spread over the traces that make them: one call each, or a loop of fifty. */
  private static List<Column> callsPerTraceColumns() {
    return List.of(
        required("traces", LONG, null, "Traces with at least one call along the edge (calls / traces is the mean "
            + "per trace). 0 in days written before schema version 8."),
        required("calls_per_trace_p50", LONG, null, "Median number of calls along the edge in a trace that makes "
            + "any (DDSketch, 1% relative accuracy, rounded)."),
        required("calls_per_trace_p95", LONG, null, "95th percentile of the calls along the edge per trace."),
        required("calls_per_trace_max", LONG, null, "Most calls along the edge in one trace, exact."),
        optional("calls_per_trace_sketch", BINARY, null, "The calls per trace as a serialised DDSketch, to merge "
            + "over days; null before version 8."));
  }

  private static List<Column> concat(List<Column> first, List<Column> second) {
    List<Column> all = new java.util.ArrayList<>(first);
    all.addAll(second);
    return all;
  }

  public static final Table SERVICE_OPERATIONS_DAILY = new Table("service_operations_daily",
      "Per service, operation and span kind: calls, errors and latency of the day.", concat(List.of(
          required("service", STRING, null, "Service."),
          required("operation", STRING, null,
              "Span name with ids replaced by placeholders (`GET /orders/8412` becomes `GET /orders/{id}`)."),
          required("kind", STRING, null, "SERVER, CLIENT, PRODUCER, CONSUMER or INTERNAL.")),
          latencyColumns("spans")));

  public static final Table SERVICE_HOURLY = new Table("service_hourly",
      "Per service and hour of the day: calls, errors and latency of its SERVER and CONSUMER spans.", concat(List.of(
          required("service", STRING, null, "Service."),
          required("hour", TIMESTAMP, "UTC", "Start of the hour the spans started in.")),
          latencyColumns("server and consumer spans")));

  public static final Table ERRORS_DAILY = new Table("errors_daily",
      "Per service, operation and error class: how often it failed that way, with a few example traces.", List.of(
          required("service", STRING, null, "Service."),
          required("operation", STRING, null, "Operation, normalised as in service_operations_daily."),
          required("error_class", STRING, null,
              "`HTTP 503` for a server error status, else the exception type, else `ERROR`."),
          required("errors", LONG, null, "Failed spans of that class."),
          required("sample_trace_ids", ARRAY_STRING, null, "Up to 5 trace ids with such a failure, smallest first.")));

  public static final Table DEPENDENCIES_DAILY = new Table("dependencies_daily",
      "The service dependency graph of the day: one row per edge caller -> callee (producer -> consumer for "
          + "messaging), by Zipkin's dependency-linker rules.", concat(List.of(
          required("parent", STRING, null, "Calling service (or producer)."),
          required("child", STRING, null,
              "Called service (or consumer), or the uninstrumented peer a client called (`postgres`, `redis`).")),
          concat(latencyColumns("calls along the edge"), callsPerTraceColumns())));

  /** Critical-path columns after the keys, daily and period tables alike. */
  private static List<Column> criticalPathColumns() {
    return List.of(
        required("endpoint_traces", LONG, null, "Traces of the endpoint (the same in every row of the endpoint)."),
        required("endpoint_us", LONG, "µs", "Their root spans' durations added up: the endpoint's whole latency, "
            + "which its critical paths' steps add up to."),
        required("traces", LONG, null, "Traces of the endpoint with this operation on their critical path."),
        required("critical_us", LONG, "µs", "Time this operation spent on those critical paths itself (not waiting "
            + "for a child), added up."),
        required("share", DOUBLE, "0..1", "critical_us / endpoint_us: the part of the endpoint's latency this "
            + "operation sets. The shares of an endpoint add up to 1."),
        required("self_p50_us", LONG, "µs", "Median time on the path per trace that has the operation on it "
            + "(DDSketch, 1% relative accuracy)."),
        required("self_p95_us", LONG, "µs", "95th percentile of the same."),
        required("self_sketch", BINARY, null, "The per-trace times on the path as a serialised DDSketch, to "
            + "merge over days."));
  }

  public static final Table CRITICAL_PATH_DAILY = new Table("critical_path_daily",
      "Per endpoint (root service and operation): each operation on its traces' critical paths, with the share of "
          + "the endpoint's latency it sets.", concat(List.of(
          required("root_service", STRING, null, "Service of the traces' root span."),
          required("root_operation", STRING, null, "Operation of the root span, normalised as in "
              + "service_operations_daily."),
          required("service", STRING, null, "Service of a span on the critical path."),
          required("operation", STRING, null, "Its operation, normalised.")),
          criticalPathColumns()));

  /** Partition directories of the period tables: {@code from=YYYY-MM-DD/to=YYYY-MM-DD}, both days included. */
  public static final String PERIOD_PARTITION = "from=%s/to=%s";

  private static final Column DAYS_MERGED = required("days", ARRAY_STRING, "YYYY-MM-DD",
      "The days whose daily rows the period merged, the same in every row of the period: every day from `from` to "
          + "`to`, unless rollup ran with --allow-missing over days that had no aggregates.");

  public static final Table SERVICE_OPERATIONS_ROLLUP = new Table("service_operations_rollup",
      "service_operations_daily merged over a period (tracelake rollup); partitioned by from= and to= instead of dt=.",
      withColumn(SERVICE_OPERATIONS_DAILY.columns(), DAYS_MERGED));

  public static final Table DEPENDENCIES_ROLLUP = new Table("dependencies_rollup",
      "dependencies_daily merged over a period (tracelake rollup); partitioned by from= and to= instead of dt=.",
      withColumn(DEPENDENCIES_DAILY.columns(), DAYS_MERGED));

  public static final Table CRITICAL_PATH_ROLLUP = new Table("critical_path_rollup",
      "critical_path_daily merged over a period (tracelake rollup); partitioned by from= and to= instead of dt=.",
      withColumn(CRITICAL_PATH_DAILY.columns(), DAYS_MERGED));

  /** The tables a nightly run writes from the logs. */
  public static final List<Table> NIGHTLY = List.of(EVENTS, REJECTS, SPANS, TRACES);
  /** The tables the aggregate stage writes from the spans. */
  public static final List<Table> AGGREGATES =
      List.of(SERVICE_OPERATIONS_DAILY, SERVICE_HOURLY, ERRORS_DAILY, DEPENDENCIES_DAILY, CRITICAL_PATH_DAILY);
  /** The tables tracelake rollup writes from the daily aggregates. */
  public static final List<Table> ROLLUPS = List.of(SERVICE_OPERATIONS_ROLLUP, DEPENDENCIES_ROLLUP, CRITICAL_PATH_ROLLUP);
  public static final List<Table> ALL = List.of(EVENTS, REJECTS, SPANS, TRACES, SERVICE_OPERATIONS_DAILY,
      SERVICE_HOURLY, ERRORS_DAILY, DEPENDENCIES_DAILY, CRITICAL_PATH_DAILY, SERVICE_OPERATIONS_ROLLUP,
      DEPENDENCIES_ROLLUP, CRITICAL_PATH_ROLLUP);

  private Tables() {}

  private static List<Column> withColumn(List<Column> columns, Column last) {
    List<Column> all = new java.util.ArrayList<>(columns);
    all.add(last);
    return List.copyOf(all);
  }
}
