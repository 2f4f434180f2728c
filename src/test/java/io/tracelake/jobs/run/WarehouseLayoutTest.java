package io.tracelake.jobs.run;

import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.TableLayout;
import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.parsers.context.TraceIds;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.values.bloomfilter.BloomFilter;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The layout of the trace-keyed tables, read from the Parquet files a nightly run wrote: a bloom filter
 * on trace_id in every row group that answers for the ids there, rows sorted by trace id (then time)
 * within each file, each trace in one file, and a bounded number of files.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WarehouseLayoutTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  /** Small target files, so that spans and traces are spread over several and "one file per trace" is tested. */
  private static final long FILE_BYTES = 40_000;

  @TempDir
  static Path dir;

  private TracelakeConfig config;
  private Configuration hadoop;

  @BeforeAll
  void generateAndRunTheDay() throws IOException {
    runBefore();
    hadoop = spark().sparkContext().hadoopConfiguration();
    hadoop.setLong(TableLayout.FILE_BYTES_KEY, FILE_BYTES);
    GenerationSummary generated = new LogSimulator(new GeneratorOptions(dir, DAY, 300, 11, Compression.NONE)).run();
    config = ConfigLoader.load(generated.configFile());
    new NightlyJob(spark(), config).run(DAY);
  }

  @AfterAll
  void restoreTheSharedSession() {
    hadoop.unset(TableLayout.FILE_BYTES_KEY);
  }

  @Test
  void everyRowGroupHasABloomFilterOnTraceIdThatAnswersRight() throws IOException {
    for (Table table : List.of(Tables.EVENTS, Tables.SPANS, Tables.TRACES)) {
      int rowGroups = 0;
      for (Path file : files(table)) {
        Set<String> idsInFile = new HashSet<>(traceIds(file));
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
            new org.apache.hadoop.fs.Path(file.toUri()), hadoop))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            rowGroups++;
            ColumnChunkMetaData traceId = block.getColumns().stream()
                .filter(c -> c.getPath().toDotString().equals("trace_id")).findFirst().orElseThrow();
            BloomFilter bloom = reader.getBloomFilterDataReader(block).readBloomFilter(traceId);
            assertThat(bloom).as("bloom filter on trace_id in %s", file).isNotNull();
            // no false negatives: every id of the file is "maybe there"
            for (String id : idsInFile) {
              assertThat(bloom.findHash(bloom.hash(Binary.fromString(id)))).as("%s in %s", id, file).isTrue();
            }
            // few false positives: ids of other traces are mostly ruled out
            int falsePositives = 0;
            for (int i = 0; i < 2000; i++) {
              String absent = TraceIds.hashToTraceId("absent-" + i);
              falsePositives += bloom.findHash(bloom.hash(Binary.fromString(absent))) ? 1 : 0;
            }
            assertThat(falsePositives).as("false positives of 2000 absent ids in %s", file).isLessThan(60);
          }
        }
      }
      assertThat(rowGroups).as(table.name()).isPositive();
    }
  }

  /**
   * The nearly distinct columns have no dictionary as their tables define them, in a session tracelake did not
   * start (this test's): once they got one unless the session's Hadoop settings said otherwise, and a dictionary
   * that fills and falls back costs a hash of every value. The other strings keep theirs.
   */
  @Test
  void distinctValuedColumnsAreWrittenWithoutADictionaryWhateverTheSession() throws IOException {
    Map<Table, List<String>> plain = Map.of(
        Tables.EVENTS, List.of("trace_id", "message", "span_id", "parent_span_id"),
        Tables.SPANS, List.of("trace_id", "span_id", "parent_span_id", "root_span_id"),
        Tables.TRACES, List.of("trace_id", "root_span_id", "critical_path.list.element.span_id"));
    Map<Table, String> withDictionary = Map.of(Tables.EVENTS, "service", Tables.SPANS, "service",
        Tables.TRACES, "root_service");
    for (Table table : plain.keySet()) {
      for (Path file : files(table)) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
            new org.apache.hadoop.fs.Path(file.toUri()), hadoop))) {
          for (BlockMetaData block : reader.getFooter().getBlocks()) {
            for (ColumnChunkMetaData chunk : block.getColumns()) {
              String column = chunk.getPath().toDotString();
              if (plain.get(table).contains(column)) {
                assertThat(chunk.getEncodings()).as("%s of %s", column, file)
                    .doesNotContain(Encoding.PLAIN_DICTIONARY, Encoding.RLE_DICTIONARY);
              } else if (column.equals(withDictionary.get(table))) {
                assertThat(chunk.getEncodings()).as("%s of %s", column, file).contains(Encoding.PLAIN_DICTIONARY);
              }
            }
          }
        }
      }
    }
  }

  @Test
  void aTraceIdFilterLeavesOnlyTheRowGroupsThatMayHoldIt() throws IOException {
    for (Path file : files(Tables.SPANS)) {
      String present = traceIds(file).get(0);
      assertThat(rowGroupsRead(file, present)).as("row groups read for %s, in %s", present, file).isEqualTo(1);
      // one id in a file of small row groups: the bloom filter rules out (nearly) every row group
      int read = 0;
      for (int i = 0; i < 100; i++) {
        read += rowGroupsRead(file, TraceIds.hashToTraceId("absent-" + i));
      }
      assertThat(read).as("row groups read for 100 absent ids in %s", file).isLessThan(5);
    }
  }

  /** Row groups parquet-java keeps for {@code trace_id = id} (statistics, dictionary and bloom filter levels). */
  private int rowGroupsRead(Path file, String id) throws IOException {
    org.apache.parquet.ParquetReadOptions options = org.apache.parquet.HadoopReadOptions.builder(hadoop)
        .withRecordFilter(org.apache.parquet.filter2.compat.FilterCompat.get(
            org.apache.parquet.filter2.predicate.FilterApi.eq(
                org.apache.parquet.filter2.predicate.FilterApi.binaryColumn("trace_id"), Binary.fromString(id))))
        .build();
    try (ParquetFileReader reader = ParquetFileReader.open(
        HadoopInputFile.fromPath(new org.apache.hadoop.fs.Path(file.toUri()), hadoop), options)) {
      return reader.getRowGroups().size();
    }
  }

  @Test
  void rowsAreSortedByTraceIdThenTimeWithinEachFile() {
    Map<Table, String> timeColumn = Map.of(Tables.EVENTS, "ts", Tables.SPANS, "start_time");
    for (Table table : List.of(Tables.EVENTS, Tables.SPANS, Tables.TRACES)) {
      for (Path file : files(table)) {
        String time = timeColumn.get(table);
        List<Row> rows = spark().read().parquet(file.toString())
            .select(col("trace_id"), time == null ? col("trace_id").as("t") : col(time).cast("long").as("t"))
            .collectAsList();
        assertThat(rows).as("%s", file).isNotEmpty();
        for (int i = 1; i < rows.size(); i++) {
          String before = rows.get(i - 1).getString(0);
          String after = rows.get(i).getString(0);
          // events without a trace id (null) come first
          int order = before == null ? (after == null ? 0 : -1) : after == null ? 1 : before.compareTo(after);
          assertThat(order).as("row %d of %s", i, file).isLessThanOrEqualTo(0);
          if (order == 0 && time != null && before != null) {
            assertThat(rows.get(i - 1).getLong(1)).as("time of row %d of %s", i, file)
                .isLessThanOrEqualTo(rows.get(i).getLong(1));
          }
        }
      }
    }
  }

  @Test
  void eachTraceSitsInOneFileAndTheFilesAreSizedByBytes() throws IOException {
    // one events, spans and traces file per shuffle partition, the partitions sized for the target file bytes
    int partitions = files(Tables.SPANS).size();
    assertThat(partitions).as("spans spread over several small files").isGreaterThan(1);
    assertThat(files(Tables.TRACES)).hasSize(partitions);
    assertThat(files(Tables.EVENTS)).hasSizeGreaterThanOrEqualTo(partitions); // + those of events without trace id
    for (Table table : List.of(Tables.EVENTS, Tables.SPANS, Tables.TRACES)) {
      Map<String, Path> fileOfTrace = new HashMap<>();
      for (Path file : files(table)) {
        for (String id : traceIds(file)) {
          Path other = fileOfTrace.put(id, file);
          assertThat(other == null || other.equals(file)).as("trace %s in %s and %s", id, other, file).isTrue();
        }
      }
    }
  }

  @Test
  void sparkReadsEveryTableWholeWithItsPartitionColumn() {
    for (Table table : Tables.NIGHTLY) {
      List<String> columns = List.of(spark().read().parquet(config.warehouse() + "/" + table.name()).columns());
      assertThat(columns).as(table.name()).contains(Table.PARTITION_COLUMN);
      assertThat(columns).as(table.name()).containsAll(table.columns().stream().map(c -> c.name()).toList());
    }
    long spans = spark().read().parquet(config.warehouse() + "/spans").count();
    long tracesFromSpans = spark().read().parquet(config.warehouse() + "/spans").select("trace_id").distinct().count();
    assertThat(spans).isGreaterThan(1000);
    assertThat(spark().read().parquet(config.warehouse() + "/traces").count()).isEqualTo(tracesFromSpans);
  }

  private List<String> traceIds(Path file) {
    List<String> ids = new ArrayList<>();
    for (Row row : spark().read().parquet(file.toString()).select("trace_id").where(col("trace_id").isNotNull())
        .distinct().collectAsList()) {
      ids.add(row.getString(0));
    }
    return ids;
  }

  private org.apache.hadoop.fs.Path partition(Table table) {
    return DayPointer.partition(config.warehouse(), table, DAY, hadoop);
  }

  private FileSystem fs() throws IOException {
    return partition(Tables.EVENTS).getFileSystem(hadoop);
  }

  private List<Path> files(Table table) {
    try {
      List<Path> files = new ArrayList<>();
      for (FileStatus status : fs().listStatus(partition(table))) {
        if (status.getPath().getName().endsWith(".parquet")) {
          files.add(Path.of(status.getPath().toUri()));
        }
      }
      return files;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
