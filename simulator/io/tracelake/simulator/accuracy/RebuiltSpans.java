package io.tracelake.simulator.accuracy;

import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.model.schema.Tables;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/** Reads a day's spans table as the scorer sees it. */
public final class RebuiltSpans {
  private RebuiltSpans() {}

  public static List<AccuracyScorer.RebuiltSpan> read(SparkSession spark, String warehouse, LocalDate date) {
    List<AccuracyScorer.RebuiltSpan> rebuilt = new ArrayList<>();
    for (Row row : WarehouseTables.read(spark, warehouse, Tables.SPANS, date).select(functions.col("trace_id"), functions.col("span_id"),
        functions.col("parent_span_id"), functions.col("service"), functions.col("instance"),
        functions.unix_micros(functions.col("start_time")), functions.unix_micros(functions.col("end_time")),
        functions.col("clock_skew_us")).collectAsList()) {
      rebuilt.add(new AccuracyScorer.RebuiltSpan(row.getString(0), row.getString(1), row.getString(2),
          row.getString(3), row.getString(4), row.getLong(5), row.getLong(6), row.getLong(7)));
    }
    return rebuilt;
  }
}
