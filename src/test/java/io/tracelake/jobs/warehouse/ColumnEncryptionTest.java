package io.tracelake.jobs.warehouse;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.jobs.cli.TracelakeCommand;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.run.RunReport;
import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.crypto.key.KeyProvider;
import org.apache.hadoop.crypto.key.KeyProviderFactory;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.crypto.ParquetCryptoRuntimeException;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.util.HadoopInputFile;
import org.apache.parquet.io.ParquetDecodingException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A day written with the default columns encrypted, its master keys in a real JCEKS key store made through
 * Hadoop's KeyProvider API: read without the keys (parquet-java, Spark, {@code tracelake trace --warehouse}) every
 * other column reads and each encrypted one fails; read with them (Spark, {@code trace}, {@code export}, {@code
 * status}) everything reads, the same as a day written without encryption.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ColumnEncryptionTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final Map<Table, List<String>> ENCRYPTED = Map.of(
      Tables.EVENTS, List.of("message", "attributes", "exception_message"),
      Tables.REJECTS, List.of("raw", "detail"));

  @TempDir
  static java.nio.file.Path dir;

  private java.nio.file.Path encryptedConfig;
  private TracelakeConfig encrypted;
  private TracelakeConfig plain;
  private RunReport report;

  @BeforeAll
  void writeTheDayEncryptedAndPlain() throws Exception {
    runBefore();
    GenerationSummary generated = new LogSimulator(new GeneratorOptions(dir, DAY, 60, 7, Compression.NONE)).run();
    try (Stream<java.nio.file.Path> files = Files.walk(dir.resolve("logs"))) {
      java.nio.file.Path log = files.filter(p -> p.toString().endsWith(".log")).sorted().findFirst().orElseThrow();
      // a line no parser takes: a reject whose raw line and detail carry a secret
      Files.writeString(log, "not a log line: deliver to 7 Elm Street\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }
    java.nio.file.Path keyStore = dir.resolve("keys.jceks");
    Configuration hadoop = new Configuration();
    KeyProvider provider = KeyProviderFactory.get(URI.create("jceks://file" + keyStore), hadoop);
    provider.createKey("tl-footer", new KeyProvider.Options(hadoop).setBitLength(128));
    provider.createKey("tl-columns", new KeyProvider.Options(hadoop).setBitLength(256));
    provider.flush();

    String base = Files.readString(generated.configFile());
    encryptedConfig = dir.resolve("encrypted.yaml");
    Files.writeString(encryptedConfig, base + "encryption:\n"
        + "  kms_instance_url: 'jceks://file" + keyStore + "'\n"
        + "  footer_key: tl-footer\n"
        + "  column_key: tl-columns\n");
    java.nio.file.Path plainConfig = dir.resolve("plain.yaml");
    Files.writeString(plainConfig, base.replace("warehouse: warehouse\n", "warehouse: warehouse-plain\n"));
    encrypted = ConfigLoader.load(encryptedConfig);
    plain = ConfigLoader.load(plainConfig);
    // small row groups: each row group's pages are encrypted with its own ordinal in their AAD
    spark().sparkContext().hadoopConfiguration().setLong(TableFileWriter.ROW_GROUP_BYTES_KEY, 32 << 10);
    try {
      report = new NightlyJob(spark(), encrypted).run(DAY);
      new NightlyJob(spark(), plain).run(DAY);
    } finally {
      spark().sparkContext().hadoopConfiguration().unset(TableFileWriter.ROW_GROUP_BYTES_KEY);
    }
  }

  @AfterAll
  void dropTheKeysFromTheSharedSession() {
    Configuration hadoop = spark().sparkContext().hadoopConfiguration();
    encrypted.encryption().hadoopSettings().keySet().forEach(hadoop::unset);
  }

  /** A configuration with no key and no crypto factory: a reader that knows nothing of the encryption. */
  private static Configuration keyless() {
    return new Configuration();
  }

  private List<Path> files(Table table) {
    return DayPointer.files(encrypted.warehouse(), table, DAY, keyless());
  }

  @Test
  void theRunReconcilesFromThePlaintextFootersAndEncryptsOnlyTheChosenColumns() throws IOException {
    Map<String, Integer> rowGroups = new java.util.HashMap<>();
    assertThat(report.outcome()).isEqualTo("succeeded");
    assertThat(report.reconciled()).isTrue();
    assertThat(report.counts().rejects()).isPositive();
    for (Table table : Tables.NIGHTLY) {
      for (Path file : files(table)) {
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(file, keyless()))) {
          Set<String> encryptedColumns = reader.getFooter().getBlocks().stream()
              .flatMap(block -> block.getColumns().stream())
              .filter(column -> column.isEncrypted())
              .map(column -> column.getPath().toArray()[0]).collect(Collectors.toSet());
          assertThat(encryptedColumns).as("%s", file)
              .isEqualTo(Set.copyOf(ENCRYPTED.getOrDefault(table, List.of())));
          rowGroups.merge(table.name(), reader.getFooter().getBlocks().size(), Math::max);
        }
      }
    }
    assertThat(rowGroups.get(Tables.EVENTS.name())).as("row groups of the largest events file").isGreaterThan(1);
  }

  @Test
  void parquetJavaWithoutTheKeyReadsEveryOtherColumnAndFailsOnEachEncryptedOne() throws IOException {
    for (Map.Entry<Table, List<String>> entry : ENCRYPTED.entrySet()) {
      Table table = entry.getKey();
      Set<String> readable = table.columns().stream().map(Column::name)
          .filter(name -> !entry.getValue().contains(name)).collect(Collectors.toSet());
      long rows = 0;
      for (Path file : files(table)) {
        try (ParquetReader<RowView> reader = ParquetReader.builder(new ProjectedReadSupport(table, readable), file)
            .withConf(keyless()).build()) {
          for (RowView row = reader.read(); row != null; row = reader.read()) {
            assertThat(row.string("source")).isNotNull();
            rows++;
          }
        }
      }
      assertThat(rows).as(table.name()).isPositive();
      Path file = files(table).get(0);
      for (String column : entry.getValue()) {
        assertThatThrownBy(() -> {
          try (ParquetReader<RowView> reader = ParquetReader.builder(new ProjectedReadSupport(table, Set.of(column)),
              file).withConf(keyless()).build()) {
            reader.read();
          }
        }).as("%s.%s", table.name(), column).isInstanceOf(ParquetDecodingException.class)
            .rootCause().isInstanceOf(ParquetCryptoRuntimeException.class)
            .hasMessageContaining("[" + column).hasMessageContaining("Null File Decryptor");
      }
    }
  }

  @Test
  void sparkWithoutTheKeyReadsEveryOtherColumnAndFailsOnEachEncryptedOne() {
    Configuration session = spark().sparkContext().hadoopConfiguration();
    Map<String, String> keys = encrypted.encryption().hadoopSettings();
    keys.keySet().forEach(session::unset);
    try {
      for (Map.Entry<Table, List<String>> entry : ENCRYPTED.entrySet()) {
        Table table = entry.getKey();
        Dataset<Row> day = WarehouseTables.read(spark(), encrypted.warehouse(), table, DAY);
        org.apache.spark.sql.Column[] readable = table.columns().stream().map(Column::name)
            .filter(name -> !entry.getValue().contains(name)).map(name -> col(name))
            .toArray(org.apache.spark.sql.Column[]::new);
        assertThat(day.select(readable).collectAsList()).as(table.name()).isNotEmpty();
        for (String column : entry.getValue()) {
          assertThatThrownBy(() -> day.select(column).collectAsList()).as("%s.%s", table.name(), column)
              .rootCause().isInstanceOf(ParquetCryptoRuntimeException.class).hasMessageContaining("[" + column);
        }
      }
    } finally {
      keys.forEach(session::set);
    }
  }

  @Test
  void sparkWithTheKeyReadsEveryTableAsTheDayWrittenWithoutEncryption() {
    Configuration session = spark().sparkContext().hadoopConfiguration();
    encrypted.encryption().hadoopSettings().forEach(session::set);
    List<Table> tables = new java.util.ArrayList<>(Tables.NIGHTLY);
    tables.addAll(Tables.AGGREGATES);
    for (Table table : tables) {
      Dataset<Row> read = WarehouseTables.read(spark(), encrypted.warehouse(), table, DAY);
      Dataset<Row> expected = WarehouseTables.read(spark(), plain.warehouse(), table, DAY);
      if (table.equals(Tables.EVENTS) || table.equals(Tables.REJECTS)) {
        assertThat(read.count()).as(table.name()).isPositive();
      }
      // a map column cannot be compared or sorted by Spark: the attributes compare as sorted key=value text
      assertDataFrameNoOrderEquals(comparable(expected), comparable(read));
    }
    assertThat(WarehouseTables.read(spark(), encrypted.warehouse(), Tables.REJECTS, DAY)
        .where(col("raw").contains("7 Elm Street")).count()).isEqualTo(1);
  }

  private static Dataset<Row> comparable(Dataset<Row> frame) {
    for (org.apache.spark.sql.types.StructField field : frame.schema().fields()) {
      if (field.dataType() instanceof org.apache.spark.sql.types.MapType) {
        frame = frame.withColumn(field.name(), org.apache.spark.sql.functions.expr("array_join(array_sort(transform("
            + "map_entries(" + field.name() + "), e -> concat(e.key, '=', e.value))), '\\n')"));
      }
    }
    return frame;
  }

  record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Result(code, out.toString(), err.toString());
  }

  @Test
  void traceExportAndStatusReadWithTheConfigsKeysAndTraceWithoutThemFailsInOneLine() {
    Configuration session = spark().sparkContext().hadoopConfiguration();
    encrypted.encryption().hadoopSettings().forEach(session::set);
    RowView event = WarehouseTables.read(spark(), encrypted.warehouse(), Tables.EVENTS, DAY)
        .where(col("trace_id").isNotNull().and(col("message").isNotNull())).orderBy("trace_id", "ts").limit(1)
        .collectAsList().stream().map(row -> RowView.of(Tables.EVENTS, row)).findFirst().orElseThrow();
    String traceId = event.string("trace_id");

    Result trace = run("trace", traceId, "--config", encryptedConfig.toString(), "--date", DAY.toString());
    assertThat(trace.code()).as(trace.err()).isEqualTo(0);
    assertThat(trace.out()).contains(event.string("message").lines().findFirst().orElseThrow());

    Result export = run("export", "--format", "zipkin", "--trace", traceId, "--config", encryptedConfig.toString(),
        "--date", DAY.toString());
    assertThat(export.code()).as(export.err()).isEqualTo(0);
    assertThat(export.out()).contains(traceId);

    Result status = run("status", "--config", encryptedConfig.toString(), "--from", DAY.toString(), "--to",
        DAY.toString());
    assertThat(status.code()).as(status.err()).isEqualTo(0);
    assertThat(status.out()).contains(DAY.toString()).contains(report.runId());

    long operations = WarehouseTables.read(spark(), encrypted.warehouse(), Tables.SERVICE_OPERATIONS_DAILY, DAY).count();
    Result aggregate = run("aggregate", "--config", encryptedConfig.toString(), "--date", DAY.toString());
    assertThat(aggregate.code()).as(aggregate.err()).isEqualTo(0);
    assertThat(WarehouseTables.read(spark(), encrypted.warehouse(), Tables.SERVICE_OPERATIONS_DAILY, DAY).count())
        .isEqualTo(operations).isPositive();

    // a reader given only the warehouse has no key: one line naming the file and what to do, exit code 2
    encrypted.encryption().hadoopSettings().keySet().forEach(session::unset);
    try {
      Result keyless = run("trace", traceId, "--warehouse", encrypted.warehouse(), "--date", DAY.toString());
      assertThat(keyless.code()).isEqualTo(2);
      assertThat(keyless.out()).isEmpty();
      assertThat(keyless.err().strip()).doesNotContain("\n").startsWith("tracelake: ")
          .contains("/events/dt=" + DAY).contains("has encrypted columns").contains("--config");
    } finally {
      encrypted.encryption().hadoopSettings().forEach(session::set);
    }
  }
}
