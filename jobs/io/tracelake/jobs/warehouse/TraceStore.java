package io.tracelake.jobs.warehouse;

import io.tracelake.model.Span;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.FilterPredicate;
import org.apache.parquet.io.api.Binary;

/**
 * Reads traces out of the warehouse over a range of days (or every day there is) with parquet-java, without a
 * Spark session: what {@code export} and {@code search} need, answered in about a second where starting Spark
 * alone took several. Each question reaches Parquet as a filter: a trace filter on the traces table's
 * statistics, a set of ids on the trace_id statistics and bloom filters of the spans table (see the Layout section
 * of model/SCHEMA.md); only the columns a question needs are decoded.
 */
public final class TraceStore {

  /** The columns of a trace's row that {@code search} shows and {@code export} orders by. */
  private static final Set<String> TRACE_COLUMNS = Set.of("trace_id", "root_service", "root_operation",
      "start_time", "duration_us", "span_count", "service_count", "error");
  private static final Set<String> SPAN_COLUMNS =
      Tables.SPANS.columns().stream().map(Column::name).collect(Collectors.toUnmodifiableSet());

  private final Configuration hadoop;
  private final String warehouse;
  private final LocalDate from;
  private final LocalDate to;

  /** One trace as the traces table sums it up, with the day its files are in. */
  public record FoundTrace(String traceId, LocalDate day, long startUs, long durationUs, String rootService,
      String rootOperation, int spanCount, int serviceCount, boolean error) {}

  /**
   * @param from first day searched, or null with {@code to} null for every day in the warehouse
   * @param to last day searched
   */
  public TraceStore(Configuration hadoop, String warehouse, LocalDate from, LocalDate to) {
    this.hadoop = hadoop;
    this.warehouse = warehouse;
    this.from = from;
    this.to = to;
  }

  /** The spans of each of the traces, by trace id, each list ordered by start; traces not found are absent. */
  public Map<String, List<Span>> spans(Collection<String> traceIds) {
    return spans(traceIds, null);
  }

  /**
   * {@link #spans(Collection)} read from the given days only (null: every day searched): a trace's spans are in
   * the day of its row in the traces table, so traces {@link #search} found need no other day read.
   */
  public Map<String, List<Span>> spans(Collection<String> traceIds, Set<LocalDate> onlyDays) {
    Map<String, List<Span>> byTrace = new LinkedHashMap<>();
    if (traceIds.isEmpty()) {
      return byTrace;
    }
    Set<Binary> ids = traceIds.stream().map(Binary::fromString).collect(Collectors.toSet());
    // one IN over trace_id: row groups whose statistics or bloom filter hold none of the ids are skipped
    FilterCompat.Filter filter = FilterCompat.get(FilterApi.in(FilterApi.binaryColumn("trace_id"), ids));
    List<Span> found = new ArrayList<>();
    for (LocalDate day : days(Tables.SPANS)) {
      Path dir = onlyDays == null || onlyDays.contains(day) ? DayPointer.partition(warehouse, Tables.SPANS, day, hadoop)
          : null;
      if (dir != null) {
        FilteredRows.forEach(Tables.SPANS, SPAN_COLUMNS, dir, filter, hadoop, row -> found.add(TableCodecs.span(row)));
      }
    }
    found.sort(Comparator.comparing(Span::traceId).thenComparingLong(Span::startUs).thenComparing(Span::spanId));
    for (Span span : found) {
      byTrace.computeIfAbsent(span.traceId(), id -> new ArrayList<>()).add(span);
    }
    return byTrace;
  }

  /**
   * The traces that pass the filter, earliest first or (with {@code slowestFirst}) longest first, at most
   * {@code filter.limit()} of them.
   */
  public List<FoundTrace> search(TraceFilter filter, boolean slowestFirst) {
    Set<String> ofSpans = filter.service() != null || filter.operation() != null ? traceIdsOfSpans(filter) : null;
    Set<String> ofEvents = filter.attributeKey() != null ? traceIdsOfAttribute(filter) : null;
    FilterPredicate predicate = tracePredicate(filter);
    FilterCompat.Filter traceFilter = predicate == null ? FilterCompat.NOOP : FilterCompat.get(predicate);
    List<FoundTrace> found = new ArrayList<>();
    // earliest first with a limit: once the days read hold enough traces, one more day is read (a trace lives in
    // its root's day, and may have begun before midnight, in the day before) and the later days are not
    LocalDate lastNeeded = null;
    for (LocalDate day : days(Tables.TRACES)) {
      if (lastNeeded != null && day.isAfter(lastNeeded)) {
        break;
      }
      Path dir = DayPointer.partition(warehouse, Tables.TRACES, day, hadoop);
      if (dir == null) {
        continue;
      }
      FilteredRows.forEach(Tables.TRACES, TRACE_COLUMNS, dir, traceFilter, hadoop, row -> {
        String id = row.string("trace_id");
        if ((ofSpans == null || ofSpans.contains(id)) && (ofEvents == null || ofEvents.contains(id))) {
          found.add(new FoundTrace(id, day, row.timestampUs("start_time"), row.longValue("duration_us"),
              row.string("root_service"), row.string("root_operation"), row.intValue("span_count"),
              row.intValue("service_count"), row.bool("error")));
        }
      });
      if (!slowestFirst && lastNeeded == null && filter.limit() != null && found.size() >= filter.limit()) {
        lastNeeded = day.plusDays(1);
      }
    }
    Comparator<FoundTrace> byStart = Comparator.comparingLong(FoundTrace::startUs).thenComparing(FoundTrace::traceId);
    found.sort(slowestFirst ? Comparator.comparingLong((FoundTrace t) -> -t.durationUs()).thenComparing(byStart)
        : byStart);
    return filter.limit() != null && found.size() > filter.limit() ? found.subList(0, filter.limit()) : found;
  }

  /** The traces table's part of the filter, pushed down to its statistics; null when it has none. */
  private static FilterPredicate tracePredicate(TraceFilter filter) {
    List<FilterPredicate> parts = new ArrayList<>();
    if (filter.errorsOnly()) {
      parts.add(FilterApi.eq(FilterApi.booleanColumn("error"), true));
    }
    if (filter.minDurationUs() != null) {
      parts.add(FilterApi.gtEq(FilterApi.longColumn("duration_us"), filter.minDurationUs()));
    }
    if (filter.maxDurationUs() != null) {
      parts.add(FilterApi.ltEq(FilterApi.longColumn("duration_us"), filter.maxDurationUs()));
    }
    if (filter.start() != null) {
      parts.add(FilterApi.gtEq(FilterApi.longColumn("start_time"), micros(filter.start())));
    }
    if (filter.end() != null) {
      parts.add(FilterApi.lt(FilterApi.longColumn("start_time"), micros(filter.end())));
    }
    return parts.stream().reduce(FilterApi::and).orElse(null);
  }

  /** Ids of the traces with a span of the filter's service (and operation): two columns of the spans read. */
  private Set<String> traceIdsOfSpans(TraceFilter filter) {
    OperationNormalizer names = OperationNormalizer.defaults();
    String operation = filter.operation() == null ? null : names.normalize(filter.operation());
    // the service reaches Parquet (its dictionary pages rule row groups out); an operation is compared normalised
    FilterCompat.Filter pushed = filter.service() == null ? FilterCompat.NOOP
        : FilterCompat.get(FilterApi.eq(FilterApi.binaryColumn("service"), Binary.fromString(filter.service())));
    Set<String> ids = new HashSet<>();
    Map<String, String> normalised = new HashMap<>();
    for (LocalDate day : days(Tables.SPANS)) {
      Path dir = DayPointer.partition(warehouse, Tables.SPANS, day, hadoop);
      if (dir != null) {
        FilteredRows.forEach(Tables.SPANS, Set.of("trace_id", "service", "name"), dir, pushed, hadoop, row -> {
          String name = row.string("name");
          if (operation == null || (name != null
              && operation.equals(normalised.computeIfAbsent(name, names::normalize)))) {
            ids.add(row.string("trace_id"));
          }
        });
      }
    }
    return ids;
  }

  /**
   * Ids of the traces with an event whose attribute is the filter's: the events' trace_id and attributes of every
   * day searched are read (a map column has no statistics to skip by), the slowest filter there is.
   */
  private Set<String> traceIdsOfAttribute(TraceFilter filter) {
    Set<String> ids = new HashSet<>();
    FilterCompat.Filter withTraceId = FilterCompat.get(FilterApi.notEq(FilterApi.binaryColumn("trace_id"), null));
    for (LocalDate day : days(Tables.EVENTS)) {
      Path dir = DayPointer.partition(warehouse, Tables.EVENTS, day, hadoop);
      if (dir != null) {
        FilteredRows.forEach(Tables.EVENTS, Set.of("trace_id", "attributes"), dir, withTraceId, hadoop, row -> {
          if (filter.attributeValue().equals(row.map("attributes").get(filter.attributeKey()))) {
            ids.add(row.string("trace_id"));
          }
        });
      }
    }
    return ids;
  }

  /** The days of a table in the range that exist in the warehouse, oldest first. */
  private List<LocalDate> days(Table table) {
    return WarehouseDays.of(hadoop, warehouse, table, from, to);
  }

  private static long micros(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
  }
}
