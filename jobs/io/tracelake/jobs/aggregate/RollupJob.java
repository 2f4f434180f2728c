package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.aggregate.AggregateRows.LatencyStats;
import io.tracelake.jobs.warehouse.RowCodec;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TableFileWriter;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.model.aggregate.LatencySketch;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/**
 * Merges the daily operation and dependency aggregates of a period (both days included) into the
 * period tables, from the stored sketches alone: no span is read again. The daily tables are small (a row per
 * operation or edge and day): read with parquet-java by column name, merged here, written through the period
 * tables' codecs; no Spark.
 */
public final class RollupJob {

  private final Configuration hadoop;
  private final TracelakeConfig config;

  public RollupJob(Configuration hadoop, TracelakeConfig config) {
    this.hadoop = hadoop;
    this.config = config;
  }

  /**
   * @param allowMissing roll up the days that have aggregates when some of the period have none, rather
   *     than refuse; the rows' {@code days} say which were merged
   * @return rows written per table
   * @throws InputException when a day of the period has no aggregates (and {@code allowMissing} is false),
   *     or no day has
   */
  public Map<String, Long> run(LocalDate from, LocalDate to, boolean allowMissing) throws IOException {
    if (to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    List<LocalDate> days = daysWithAggregates(from, to);
    List<LocalDate> missing = from.datesUntil(to.plusDays(1)).filter(day -> !days.contains(day)).toList();
    if (days.isEmpty()) {
      throw new InputException("no " + Tables.SERVICE_OPERATIONS_DAILY.name() + " between " + from + " and " + to
          + " in " + config.warehouse() + "; run 'tracelake aggregate' for those days first");
    }
    if (!missing.isEmpty() && !allowMissing) {
      throw new InputException("rollup " + from + ".." + to + ": " + missing.size() + " of "
          + (days.size() + missing.size()) + " days have no aggregates in " + config.warehouse() + " ("
          + describe(missing) + "); run 'tracelake run' for them, or add --allow-missing to roll up "
          + (days.size() == 1 ? "the one day there is" : "the " + days.size() + " days there are"));
    }
    String partition = String.format(Tables.PERIOD_PARTITION, from, to);
    WarehouseWriter writer = new WarehouseWriter(config.warehouse(), "rollup-" + from + "-" + to + "-"
        + java.util.UUID.randomUUID().toString().substring(0, 8), partition, hadoop);
    Map<String, Long> written = new LinkedHashMap<>();
    try {
      written.put(Tables.SERVICE_OPERATIONS_ROLLUP.name(),
          rollUp(writer, Tables.SERVICE_OPERATIONS_DAILY, Tables.SERVICE_OPERATIONS_ROLLUP, days));
      written.put(Tables.DEPENDENCIES_ROLLUP.name(), rollUp(writer, Tables.DEPENDENCIES_DAILY, Tables.DEPENDENCIES_ROLLUP, days));
      written.put(Tables.CRITICAL_PATH_ROLLUP.name(), rollUpCriticalPaths(writer, days));
      writer.commit(Tables.ROLLUPS);
      return written;
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /** The days of the period whose operation aggregates are in the warehouse. */
  private List<LocalDate> daysWithAggregates(LocalDate from, LocalDate to) throws IOException {
    List<LocalDate> days = new ArrayList<>();
    for (LocalDate day = from; !day.isAfter(to); day = day.plusDays(1)) {
      if (DayPointer.partition(config.warehouse(), Tables.SERVICE_OPERATIONS_DAILY, day, hadoop) != null) {
        days.add(day);
      }
    }
    return days;
  }

  /** "2026-11-18, 2026-11-19", or the first five and how many more. */
  private static String describe(List<LocalDate> days) {
    String shown = String.join(", ", days.stream().limit(5).map(LocalDate::toString).toList());
    return days.size() > 5 ? shown + " and " + (days.size() - 5) + " more" : shown;
  }

  /** Merges the daily rows of a table by their key (the columns before {@code calls}) and stages the period's. */
  private long rollUp(WarehouseWriter writer, Table daily, Table period, List<LocalDate> days) throws IOException {
    boolean perTrace = daily.indexOf("traces") >= 0;
    List<String> keyColumns = daily.columns().subList(0, daily.indexOf("calls")).stream().map(c -> c.name()).toList();
    Map<List<String>, PeriodGroup> groups = new TreeMap<>(GroupKeys.ORDER);
    for (LocalDate day : days) {
      Path path = DayPointer.partition(config.warehouse(), daily, day, hadoop);
      // a day whose aggregates have no row of this table (no dependency edge at all) has no partition either
      if (path == null) {
        continue;
      }
      for (RowView row : TableFiles.readAll(daily, path, hadoop)) {
        groups.computeIfAbsent(keyColumns.stream().map(row::string).toList(), key -> new PeriodGroup(row))
            .add(row, perTrace);
      }
    }
    List<String> daysMerged = days.stream().map(LocalDate::toString).toList();
    RowCodec<PeriodRow> codec = codec(period, keyColumns);
    Path file = new Path(writer.stagingDir(period), "part-00000.parquet");
    try (TableFileWriter<PeriodRow> out = TableFileWriter.create(codec, file, hadoop, TableFileWriter.MIN_BLOOM_NDV)) {
      for (PeriodGroup group : groups.values()) {
        out.write(new PeriodRow(group.first, LatencyStats.of(group.calls, group.errors, group.maxUs, group.sketch),
            AggregateRows.CallsPerTrace.of(group.traces, group.maxCallsPerTrace, group.callsPerTrace), daysMerged));
      }
    }
    return groups.size();
  }

  /**
   * Merges critical_path_daily over the days ({@link CriticalPathPeriod}) and recomputes the shares.
   */
  private long rollUpCriticalPaths(WarehouseWriter writer, List<LocalDate> days) throws IOException {
    CriticalPathPeriod merged = CriticalPathPeriod.read(hadoop, config.warehouse(), days, endpoint -> true);
    List<String> daysMerged = days.stream().map(LocalDate::toString).toList();
    RowCodec<CriticalPathRow> codec = AggregateRows.onPathColumns(
        RowCodec.of(Tables.CRITICAL_PATH_ROLLUP, CriticalPathRow.class)
            .string("root_service", r -> r.key().get(0))
            .string("root_operation", r -> r.key().get(1))
            .string("service", r -> r.key().get(2))
            .string("operation", r -> r.key().get(3)), CriticalPathRow::stats)
        .strings("days", CriticalPathRow::days).build();
    Path file = new Path(writer.stagingDir(Tables.CRITICAL_PATH_ROLLUP), "part-00000.parquet");
    try (TableFileWriter<CriticalPathRow> out =
        TableFileWriter.create(codec, file, hadoop, TableFileWriter.MIN_BLOOM_NDV)) {
      for (Map.Entry<List<String>, CriticalPathPeriod.OnPath> operation : merged.operations.entrySet()) {
        long[] endpoint = merged.endpoints.get(operation.getKey().subList(0, 2));
        CriticalPathPeriod.OnPath sums = operation.getValue();
        out.write(new CriticalPathRow(operation.getKey(), AggregateRows.OnPathStats.of(endpoint[0], endpoint[1],
            sums.traces, sums.criticalUs, sums.sketch), daysMerged));
      }
    }
    return merged.operations.size();
  }

  private record CriticalPathRow(List<String> key, AggregateRows.OnPathStats stats, List<String> days) {}

  /** One group (an operation, an edge) of the period as its daily rows add up. */
  private static final class PeriodGroup {
    private final RowView first;
    private final LatencySketch sketch = new LatencySketch();
    private long calls;
    private long errors;
    private long maxUs;
    private final LatencySketch callsPerTrace = new LatencySketch();
    private long traces;
    private long maxCallsPerTrace;

    PeriodGroup(RowView first) {
      this.first = first;
    }

    void add(RowView day, boolean perTrace) {
      calls += day.longValue("calls");
      errors += day.longValue("errors");
      maxUs = Math.max(maxUs, day.longValue("max_us"));
      sketch.merge(LatencySketch.fromBytes(day.bytes("latency_sketch")));
      // a day written before the calls-per-trace columns has no sketch: it adds nothing to them
      if (perTrace && !day.isNull("calls_per_trace_sketch")) {
        traces += day.longValue("traces");
        maxCallsPerTrace = Math.max(maxCallsPerTrace, day.longValue("calls_per_trace_max"));
        callsPerTrace.merge(LatencySketch.fromBytes(day.bytes("calls_per_trace_sketch")));
      }
    }
  }

  /** A row of a period table: the group's key as its first daily row has it, its merged latencies, the days. */
  private record PeriodRow(RowView keys, LatencyStats stats, AggregateRows.CallsPerTrace perTrace, List<String> days) {}

  /** The period table's codec: the key columns from the daily row, then the merged latencies and the days. */
  private static RowCodec<PeriodRow> codec(Table period, List<String> keyColumns) {
    RowCodec.Builder<PeriodRow> codec = RowCodec.of(period, PeriodRow.class);
    for (String key : keyColumns) {
      codec.string(key, row -> row.keys().string(key));
    }
    codec = AggregateRows.latencyColumns(codec, PeriodRow::stats);
    if (period.indexOf("traces") >= 0) {
      codec = AggregateRows.callsPerTraceColumns(codec, PeriodRow::perTrace);
    }
    return codec.strings("days", PeriodRow::days).build();
  }
}
