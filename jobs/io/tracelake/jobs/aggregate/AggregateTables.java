package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.jobs.warehouse.RowCodec;
import io.tracelake.jobs.warehouse.TableFileWriter;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Writes a day's merged aggregates to the run's staging area, one file per table, with the tables' codecs. */
public final class AggregateTables {

  private AggregateTables() {}

  /** Stages the daily aggregate tables; returns the rows written per table. */
  public static Map<String, Long> stage(DayAggregates day, WarehouseWriter writer, Configuration hadoop)
      throws IOException {
    Map<String, Long> written = new LinkedHashMap<>();
    written.put(Tables.SERVICE_OPERATIONS_DAILY.name(), write(AggregateRows.OPERATIONS, day.operations(), writer, hadoop));
    written.put(Tables.SERVICE_HOURLY.name(), write(AggregateRows.HOURS, day.hours(), writer, hadoop));
    written.put(Tables.ERRORS_DAILY.name(), write(AggregateRows.ERRORS, day.errors(), writer, hadoop));
    written.put(Tables.DEPENDENCIES_DAILY.name(), write(AggregateRows.DEPENDENCIES, day.dependencies(), writer, hadoop));
    written.put(Tables.CRITICAL_PATH_DAILY.name(), write(AggregateRows.CRITICAL_PATHS, day.criticalPaths(), writer,
        hadoop));
    return written;
  }

  private static <T> long write(RowCodec<T> codec, List<T> rows, WarehouseWriter writer, Configuration hadoop)
      throws IOException {
    Path file = new Path(writer.stagingDir(codec.table()), "part-00000.parquet");
    try (TableFileWriter<T> out = TableFileWriter.create(codec, file, hadoop, TableFileWriter.MIN_BLOOM_NDV)) {
      for (T row : rows) {
        out.write(row);
      }
    }
    return rows.size();
  }
}
