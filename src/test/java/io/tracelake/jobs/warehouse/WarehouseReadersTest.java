package io.tracelake.jobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.jobs.export.ZipkinExport;
import io.tracelake.model.KindSource;
import io.tracelake.model.ParentSource;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimingSource;
import io.tracelake.model.schema.ColumnType;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import zipkin2.codec.SpanBytesDecoder;

/** The read side of the warehouse: days of an older schema version, projections. */
class WarehouseReadersTest extends SparkTestBase {

  private static final String TRACE = "0af7651916cd43dd8448eb211c80319c";
  private static final LocalDate OLD_DAY = LocalDate.of(2026, 1, 5);

  @TempDir
  Path dir;

  @Test
  void aDayOfAnOlderSchemaVersionReadsItsSpansWithTheNewerColumnsEmpty() {
    // schema version 4 had no provenance columns: the spans table up to exception_type
    List<Span> spans = List.of(
        new Span(TRACE, "b7ad6b7169203331", null, "orders", "orders-1", "GET /orders/{id}", SpanKind.SERVER,
            1_767_600_000_000_000L, 1_767_600_000_250_000L, true, 3, null, 503, "java.io.IOException",
            TimingSource.MARKERS, ParentSource.NONE, 0.0, 0, false, KindSource.LOGGED),
        new Span(TRACE, "c7ad6b7169203332", "b7ad6b7169203331", "orders", "orders-1", "SELECT orders",
            SpanKind.CLIENT, 1_767_600_000_100_000L, 1_767_600_000_200_000L, false, 1, "postgres", null, null,
            TimingSource.MARKERS, ParentSource.EXPLICIT, 1.0, 0, false, KindSource.LOGGED));
    int version4 = Tables.SPANS.indexOf("exception_type") + 1;
    StructType schema = new StructType(Arrays.copyOf(TableSchemas.spark(Tables.SPANS).fields(), version4));
    List<Row> rows = TableCodecs.PlacedSpan.of(spans).stream().map(span -> {
      Object[] older = Arrays.copyOf(TableCodecs.SPANS.values(span), version4);
      for (int i = 0; i < version4; i++) {
        if (Tables.SPANS.columns().get(i).type() == ColumnType.TIMESTAMP) {
          older[i] = Instant.EPOCH.plus((Long) older[i], ChronoUnit.MICROS);
        }
      }
      return RowFactory.create(older);
    }).toList();
    String warehouse = dir.resolve("warehouse").toString();
    spark().conf().set("spark.sql.parquet.outputTimestampType", "TIMESTAMP_MICROS"); // as the nightly run sets it
    spark().createDataFrame(rows, schema).coalesce(1).write().mode(SaveMode.ErrorIfExists)
        .parquet(warehouse + "/spans/dt=" + OLD_DAY);

    TraceLookup.StoredTrace found = new TraceLookup(new Configuration(), warehouse, null, null).find(TRACE);

    assertThat(found.spans()).hasSize(2);
    Span root = found.spans().get(0);
    assertThat(root.spanId()).isEqualTo("b7ad6b7169203331");
    assertThat(root.error()).isTrue();
    assertThat(root.httpStatus()).isEqualTo(503);
    assertThat(root.startUs()).isEqualTo(1_767_600_000_000_000L);
    assertThat(found.spans().get(1).peerService()).isEqualTo("postgres");
    assertThat(found.spans()).allSatisfy(span -> {
      assertThat(span.timingSource()).isNull();
      assertThat(span.parentSource()).isNull();
      assertThat(span.kindSource()).isNull();
      assertThat(span.parentConfidence()).isZero();
      assertThat(span.clockSkewUs()).isZero();
      assertThat(span.inferred()).isFalse();
    });
    assertThat(found.events()).isEmpty();
    // the export says nothing of how such spans were found rather than make a provenance up
    assertThat(SpanBytesDecoder.JSON_V2.decodeList(ZipkinExport.json(found.spans())))
        .allSatisfy(span -> assertThat(span.tags().keySet()).noneMatch(tag -> tag.startsWith("tracelake.")));
  }

  @Test
  void aProjectionNamingAColumnTheTableLacksFailsWhenMade() {
    assertThatThrownBy(() -> new ProjectedReadSupport(Tables.EVENTS, Set.of("trace_id", "trace_idd")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("events has no column trace_idd");
  }
}
