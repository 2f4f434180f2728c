package io.tracelake.jobs.warehouse;

import io.tracelake.jobs.warehouse.TableCodecs.EventEntry;
import io.tracelake.model.Span;
import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.filter2.compat.FilterCompat;
import org.apache.parquet.filter2.predicate.FilterApi;
import org.apache.parquet.filter2.predicate.Statistics;
import org.apache.parquet.filter2.predicate.UserDefinedPredicate;
import org.apache.parquet.io.api.Binary;

/**
 * Finds one trace's spans and events by reading the tables' Parquet files with parquet-java, without a Spark
 * session: starting Spark costs more than the lookup itself. Each file is opened with the filter on the table's
 * lookup column ({@code trace_id = id}), so parquet-java skips every row group whose statistics, dictionary or
 * bloom filter rule the id out, decodes only the columns read, and returns only the matching rows; the table's
 * codec turns them into the model's records.
 */
public final class TraceLookup {

  /** A span is read whole: its rows are few and narrow. */
  private static final Set<String> SPAN_COLUMNS =
      Tables.SPANS.columns().stream().map(Column::name).collect(Collectors.toUnmodifiableSet());
  /** The events' columns a trace's log lines are shown and ordered by; the others are not decoded. */
  private static final Set<String> EVENT_COLUMNS = Set.of("trace_id", "ts", "level", "service", "instance", "message",
      "span_id", "exception_type", "exception_message", "source_file", "line_number");

  private final Configuration hadoop;
  private final String warehouse;
  private final LocalDate from;
  private final LocalDate to;

  /** One trace as the warehouse holds it: its spans by start, its events in the order they were logged. */
  public record StoredTrace(String traceId, List<Span> spans, List<EventEntry> events) {
    public boolean isEmpty() {
      return spans.isEmpty() && events.isEmpty();
    }
  }

  /**
   * @param from first day searched, or null with {@code to} null for every day in the warehouse
   * @param to last day searched
   */
  public TraceLookup(Configuration hadoop, String warehouse, LocalDate from, LocalDate to) {
    this.hadoop = hadoop;
    this.warehouse = warehouse;
    this.from = from;
    this.to = to;
  }

  /**
   * The trace's spans, and its events from the days its spans were found in (a trace's events sit in its
   * spans' day), or from every day searched when it has no span.
   */
  public StoredTrace find(String traceId) {
    List<Span> spans = new ArrayList<>();
    Set<LocalDate> spanDays = new TreeSet<>();
    for (LocalDate day : days(Tables.SPANS)) {
      for (RowView row : rows(Tables.SPANS, SPAN_COLUMNS, day, traceId)) {
        spans.add(TableCodecs.span(row));
        spanDays.add(day);
      }
    }
    spans.sort(Comparator.comparingLong(Span::startUs).thenComparing(Span::spanId));
    List<EventEntry> events = new ArrayList<>();
    for (LocalDate day : days(Tables.EVENTS)) {
      if (spanDays.isEmpty() || spanDays.contains(day)) {
        for (RowView row : rows(Tables.EVENTS, EVENT_COLUMNS, day, traceId)) {
          events.add(TableCodecs.event(row));
        }
      }
    }
    events.sort(Comparator.comparingLong((EventEntry e) -> e.event().timestampUs())
        .thenComparing(EventEntry::sourceFile).thenComparingLong(EventEntry::lineNumber));
    return new StoredTrace(traceId, spans, events);
  }

  /** The days of a table in the range that exist in the warehouse, oldest first. */
  private List<LocalDate> days(Table table) {
    return WarehouseDays.of(hadoop, warehouse, table, from, to);
  }

  /** The rows of one day of a table whose lookup column is {@code traceId}, with the given columns read. */
  private List<RowView> rows(Table table, Set<String> columns, LocalDate day, String traceId) {
    // the table's lookup column is the one its files carry a bloom filter for (Tables: sortedWithLookupBy)
    String lookupColumn = table.bloomFilterColumns().get(0);
    Path dir = DayPointer.partition(warehouse, table, day, hadoop);
    if (dir == null) {
      return List.of();
    }
    FilterCompat.Filter filter = FilterCompat.get(
        FilterApi.eq(FilterApi.binaryColumn(lookupColumn), Binary.fromString(traceId)));
    List<RowView> rows = new ArrayList<>();
    FilteredRows.forEach(table, columns, dir, filter, hadoop, rows::add);
    return rows;
  }

  /**
   * The stored trace ids whose lower 64 bits are {@code lowerHalf} (16 lowercase hex), from the traces table of
   * the days searched. Only the trace_id column is read; no statistic or bloom filter can rule a suffix out, so
   * every row group of the range is, but the predicate drops the other ids before they become rows.
   */
  public Set<String> traceIdsEndingWith(String lowerHalf) {
    Set<String> ids = new TreeSet<>();
    FilterCompat.Filter filter = FilterCompat.get(
        FilterApi.userDefined(FilterApi.binaryColumn("trace_id"), new LowerHalf(lowerHalf)));
    for (LocalDate day : days(Tables.TRACES)) {
      Path dir = DayPointer.partition(warehouse, Tables.TRACES, day, hadoop);
      if (dir == null) {
        continue;
      }
      FilteredRows.forEach(Tables.TRACES, Set.of("trace_id"), dir, filter, hadoop,
          row -> ids.add(row.string("trace_id")));
    }
    return ids;
  }

  /** Keeps the ids that end with the given 16 hex digits; rules out no row group (a suffix has no range). */
  private static final class LowerHalf extends UserDefinedPredicate<Binary> implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String lowerHalf;

    LowerHalf(String lowerHalf) {
      this.lowerHalf = lowerHalf;
    }

    @Override
    public boolean keep(Binary value) {
      return value != null && value.length() == 32 && value.toStringUsingUTF8().endsWith(lowerHalf);
    }

    @Override
    public boolean canDrop(Statistics<Binary> statistics) {
      return false;
    }

    @Override
    public boolean inverseCanDrop(Statistics<Binary> statistics) {
      return false;
    }
  }
}
