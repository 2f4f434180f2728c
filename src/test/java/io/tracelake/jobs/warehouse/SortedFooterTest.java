package io.tracelake.jobs.warehouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tracelake.model.KindSource;
import io.tracelake.model.ParentSource;
import io.tracelake.model.RejectReason;
import io.tracelake.model.RejectedLine;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimingSource;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.format.FileMetaData;
import org.apache.parquet.format.RowGroup;
import org.apache.parquet.format.SortingColumn;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.util.HadoopOutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files of a sorted table record their sort order in the footer: every row group's {@code sorting_columns}. */
class SortedFooterTest extends SparkTestBase {

  @TempDir
  Path dir;

  /** Spans of {@code traces} traces of three spans each, in the spans table's order (trace id, start). */
  private static List<TableCodecs.PlacedSpan> spans(int traces) {
    List<TableCodecs.PlacedSpan> all = new ArrayList<>();
    for (int t = 0; t < traces; t++) {
      String trace = String.format("%032x", t);
      List<Span> one = new ArrayList<>();
      for (int s = 0; s < 3; s++) {
        one.add(new Span(trace, String.format("%016x", t * 3L + s), s == 0 ? null : String.format("%016x", t * 3L),
            "svc-" + (t % 7), "svc-1", "GET /items/{id}", s == 0 ? SpanKind.SERVER : SpanKind.CLIENT,
            1_763_600_000_000_000L + t * 1000L + s, 1_763_600_000_000_500L + t * 1000L + s, false, 2, null, 200, null,
            TimingSource.MARKERS, s == 0 ? ParentSource.NONE : ParentSource.ENCLOSING, 0.9, 0, false,
            KindSource.EVIDENCE));
      }
      all.addAll(TableCodecs.PlacedSpan.of(one));
    }
    return all;
  }

  private static FileMetaData footer(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    int length = (bytes[bytes.length - 8] & 0xff) | (bytes[bytes.length - 7] & 0xff) << 8
        | (bytes[bytes.length - 6] & 0xff) << 16 | (bytes[bytes.length - 5] & 0xff) << 24;
    assertThat(new String(bytes, bytes.length - 4, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PAR1");
    return Util.readFileMetaData(new ByteArrayInputStream(bytes, bytes.length - 8 - length, length));
  }

  @Test
  void everyRowGroupOfASortedTableSaysItsSortOrderAndTheFileReadsBackWhole() throws Exception {
    Configuration hadoop = new Configuration();
    hadoop.setLong(TableFileWriter.ROW_GROUP_BYTES_KEY, 16 << 10); // several row groups
    Path file = dir.resolve("spans.parquet");
    List<TableCodecs.PlacedSpan> rows = spans(3000);
    try (TableFileWriter<TableCodecs.PlacedSpan> out =
        TableFileWriter.create(TableCodecs.SPANS, new org.apache.hadoop.fs.Path(file.toString()), hadoop, 1000)) {
      for (TableCodecs.PlacedSpan row : rows) {
        out.write(row);
      }
    }

    FileMetaData footer = footer(file);
    assertThat(footer.getRow_groups()).hasSizeGreaterThan(1);
    List<String> leaves = new ArrayList<>();
    TableSchemas.parquet(Tables.SPANS).getColumns().forEach(c -> leaves.add(String.join(".", c.getPath())));
    for (RowGroup rowGroup : footer.getRow_groups()) {
      assertThat(rowGroup.getSorting_columns())
          .extracting(c -> leaves.get(c.getColumn_idx()), SortingColumn::isDescending, SortingColumn::isNulls_first)
          .containsExactly(tuple("trace_id", false, true), tuple("start_time", false, true));
    }
    // parquet-java and Spark read the file as before: every row, in order
    List<RowView> read = TableFiles.readAll(Tables.SPANS, new org.apache.hadoop.fs.Path(file.toString()), hadoop);
    assertThat(read).hasSize(rows.size());
    assertThat(TableCodecs.span(read.get(read.size() - 1))).isEqualTo(rows.get(rows.size() - 1).span());
    assertThat(spark().read().parquet(file.toString()).count()).isEqualTo(rows.size());
  }

  @Test
  void aFileWrittenInArrivalOrderOrOfAnUnsortedTableSaysNoSortOrder() throws Exception {
    Configuration hadoop = new Configuration();
    Path arrival = dir.resolve("arrival.parquet");
    try (TableFileWriter<TableCodecs.PlacedSpan> out = TableFileWriter.createInArrivalOrder(TableCodecs.SPANS,
        new org.apache.hadoop.fs.Path(arrival.toString()), hadoop, 10)) {
      for (TableCodecs.PlacedSpan row : spans(10)) {
        out.write(row);
      }
    }
    assertThat(footer(arrival).getRow_groups()).isNotEmpty()
        .allSatisfy(rowGroup -> assertThat(rowGroup.getSorting_columns()).isNull());

    // a table with no sort order (rejects), written by the ordinary writer
    Path rejects = dir.resolve("rejects.parquet");
    try (TableFileWriter<TableCodecs.RejectEntry> out = TableFileWriter.create(TableCodecs.REJECTS,
        new org.apache.hadoop.fs.Path(rejects.toString()), hadoop, 10)) {
      out.write(new TableCodecs.RejectEntry(new RejectedLine(RejectReason.BAD_TIMESTAMP, "no time", "x y", 3), "app",
          "file:/logs/a.log", 1, 1));
    }
    assertThat(footer(rejects).getRow_groups()).hasSize(1)
        .allSatisfy(rowGroup -> assertThat(rowGroup.getSorting_columns()).isNull());
  }

  @Test
  void theBytesBeforeTheFooterPassThroughUnchangedWhateverTheirSizeAndChunks() throws Exception {
    // far more than is held back, written in odd chunk sizes, then a footer as parquet-java ends a file with
    byte[] body = new byte[SortedFooterOutputFile.HELD_BYTES * 2 + 12_345];
    new Random(7).nextBytes(body);
    FileMetaData written = new FileMetaData(1, List.of(), 0,
        List.of(new RowGroup(List.of(), 10, 1), new RowGroup(List.of(), 20, 2)));
    ByteArrayOutputStream footer = new ByteArrayOutputStream();
    Util.writeFileMetaData(written, footer);
    Path file = dir.resolve("big.bin");
    List<SortingColumn> sorting = List.of(new SortingColumn(3, false, true));
    try (PositionOutputStream out = new SortedFooterOutputFile(
        HadoopOutputFile.fromPath(new org.apache.hadoop.fs.Path(file.toString()), new Configuration()), sorting)
        .create(0)) {
      Random chunks = new Random(11);
      for (int at = 0; at < body.length; ) {
        // chunks of every size: single bytes (as page headers are written), small, large, larger than held back
        int kind = chunks.nextInt(4);
        int len = Math.min(body.length - at, kind == 0 ? 1 : kind == 1 ? chunks.nextInt(100)
            : kind == 2 ? chunks.nextInt(3 << 20) : SortedFooterOutputFile.HELD_BYTES + chunks.nextInt(1000));
        if (len == 1) {
          out.write(body[at]);
        } else {
          out.write(body, at, len);
        }
        at += len;
        assertThat(out.getPos()).isEqualTo(at);
      }
      out.write(footer.toByteArray());
      int length = footer.size();
      out.write(new byte[] {(byte) length, (byte) (length >>> 8), (byte) (length >>> 16), (byte) (length >>> 24)});
      out.write("PAR1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
    byte[] read = Files.readAllBytes(file);
    assertThat(Arrays.equals(read, 0, body.length, body, 0, body.length)).isTrue();
    FileMetaData rewritten = footer(file);
    assertThat(rewritten.getRow_groups()).extracting(RowGroup::getNum_rows).containsExactly(1L, 2L);
    assertThat(rewritten.getRow_groups()).allSatisfy(g -> assertThat(g.getSorting_columns()).isEqualTo(sorting));
  }
}
