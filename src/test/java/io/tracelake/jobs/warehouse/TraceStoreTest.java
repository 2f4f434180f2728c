package io.tracelake.jobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TraceStore's earliest-first search stops reading days once it has enough, without losing a trace across midnight. */
class TraceStoreTest extends SparkTestBase {

  @TempDir
  Path dir;

  private static Row trace(String id, String start) {
    Timestamp at = Timestamp.from(Instant.parse(start));
    return RowFactory.create(id, "r", "gateway", "GET /", at, at, 1_000L, 1, 1, false, "none", 1, 0, false, 0, false,
        1L, List.of());
  }

  @Test
  void theEarliestTracesOfSeveralDaysIncludeOneWhoseRootCrossedMidnight() {
    String warehouse = dir.resolve("warehouse").toString();
    // a trace is written into its root's day: "x" began before midnight, even before "b", but its root after
    // midnight, so it is in the 21st: the 20th's two earliest are "a" and "x"
    write(warehouse, "2026-11-20", trace("a", "2026-11-20T10:00:00Z"), trace("b", "2026-11-20T23:59:59.500Z"));
    write(warehouse, "2026-11-21", trace("x", "2026-11-20T23:59:59Z"), trace("c", "2026-11-21T10:00:00Z"));
    write(warehouse, "2026-11-22", trace("d", "2026-11-22T01:00:00Z"));
    TraceStore store = new TraceStore(spark().sparkContext().hadoopConfiguration(), warehouse, null, null);

    List<String> all = ids(store.search(filter(null), false));
    assertThat(all).containsExactly("a", "x", "b", "c", "d");
    for (int limit = 1; limit <= 5; limit++) {
      assertThat(ids(store.search(filter(limit), false))).as("limit %d", limit).isEqualTo(all.subList(0, limit));
    }
    assertThat(ids(store.search(filter(2), true))).hasSize(2);
  }

  private static TraceFilter filter(Integer limit) {
    return new TraceFilter(null, false, null, null, null, limit);
  }

  private static List<String> ids(List<TraceStore.FoundTrace> found) {
    List<String> ids = new ArrayList<>();
    found.forEach(t -> ids.add(t.traceId()));
    return ids;
  }

  private void write(String warehouse, String day, Row... rows) {
    spark().conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS");
    spark().createDataFrame(List.of(rows), WarehouseTables.schema(Tables.TRACES)).coalesce(1).write()
        .mode(SaveMode.ErrorIfExists).parquet(warehouse + "/traces/dt=" + LocalDate.parse(day));
  }
}
