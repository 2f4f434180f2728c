package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.DayLock;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TableCodecs;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.jobs.warehouse.TaskConfiguration;
import io.tracelake.model.Span;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.apache.spark.sql.SparkSession;

/**
 * The daily aggregates of one day re-computed from its spans table ({@code tracelake aggregate}, e.g. after
 * changing the operation rules); the nightly run computes the same ones in its own pass, with the same code.
 *
 * <pre>
 * spans, one task per file ─▶ each trace's run of spans into a DayAggregates ─collect, merge on the driver─▶
 *   service_operations_daily, service_hourly, errors_daily, dependencies_daily
 * </pre>
 *
 * <p>Every spans file tracelake writes holds each trace in one run of rows, so a file read front to back is
 * linked trace by trace, one trace held at a time; only the partial aggregates move.
 */
public final class AggregateJob {

  private final SparkSession spark;
  private final TracelakeConfig config;

  public AggregateJob(SparkSession spark, TracelakeConfig config) {
    this.spark = spark;
    this.config = config;
  }

  /** Writes the day's aggregates and returns the rows written per table. */
  public Map<String, Long> run(LocalDate date) throws IOException {
    OperationNormalizer operations = new OperationNormalizer(config.operationRules().stream()
        .map(rule -> new OperationNormalizer.Rule(rule.pattern(), rule.replacement())).toList());
    Configuration hadoop = spark.sparkContext().hadoopConfiguration();
    // under the day's lock: the spans read are the ones the day is switched to until this commit
    String runId = WarehouseTables.runId("aggregate");
    try (DayLock lock = DayLock.acquire(config.warehouse(), date, runId, false, hadoop)) {
      return run(date, runId, operations, hadoop);
    }
  }

  private Map<String, Long> run(LocalDate date, String runId, OperationNormalizer operations, Configuration hadoop)
      throws IOException {
    List<String> files = DayPointer.files(config.warehouse(), Tables.SPANS, date, hadoop).stream()
        .map(Path::toString).toList();
    DayAggregates day = new DayAggregates();
    if (!files.isEmpty()) {
      JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
      try (TaskConfiguration hadoopConf = TaskConfiguration.of(jsc, hadoop)) {
        jsc.parallelize(files, files.size()).map(new SpansFile(hadoopConf, operations)).collect()
            .forEach(day::merge);
      }
    }
    WarehouseWriter writer = new WarehouseWriter(config.warehouse(), runId, date, hadoop);
    try {
      Map<String, Long> written = AggregateTables.stage(day, writer, hadoop);
      // the four aggregates switch together; the nightly tables stay the run's the pointer names
      writer.switchDay(Tables.AGGREGATES, () -> { }).collectGarbage(config.warehouse(), Tables.AGGREGATES, hadoop);
      return written;
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /** Spark function: one spans file to the aggregates of its traces. */
  private static final class SpansFile implements Function<String, DayAggregates> {
    private static final long serialVersionUID = 1L;
    private final TaskConfiguration hadoop;
    private final OperationNormalizer operations;

    SpansFile(TaskConfiguration hadoop, OperationNormalizer operations) {
      this.hadoop = hadoop;
      this.operations = operations;
    }

    @Override
    public DayAggregates call(String file) throws IOException {
      DayAggregates day = new DayAggregates();
      List<Span> trace = new ArrayList<>();
      try (TableFiles.Rows rows = TableFiles.read(Tables.SPANS, new Path(file), hadoop.value())) {
        for (RowView row = rows.next(); row != null; row = rows.next()) {
          Span span = TableCodecs.span(row);
          if (!trace.isEmpty() && !trace.get(0).traceId().equals(span.traceId())) {
            day.addTrace(trace, operations);
            trace.clear();
          }
          trace.add(span);
        }
      }
      if (!trace.isEmpty()) {
        day.addTrace(trace, operations);
      }
      return day;
    }
  }
}
