package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.aggregate.AggregateJob;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.ReconstructionConfig;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.generate.Compression;
import io.tracelake.jobs.generate.GenerationSummary;
import io.tracelake.jobs.generate.GeneratorOptions;
import io.tracelake.jobs.generate.IdMode;
import io.tracelake.jobs.generate.LogSimulator;
import io.tracelake.jobs.generate.Scenario;
import io.tracelake.jobs.generate.ServiceFormat;
import io.tracelake.jobs.warehouse.TableSchemas;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one-pass nightly run writes the same rows as the two-pass run it replaces, table by table (the aggregates
 * of the old path computed by the old AggregateJob), on small generated days in every generator mode.
 */
class OnePassEquivalenceTest extends SparkTestBase {

  private static final LocalDate DAY = LocalDate.of(2026, 11, 20);
  private static final int REQUESTS = 150;

  @TempDir
  Path dir;

  static Stream<Arguments> modes() {
    return Stream.of(
        Arguments.of("default", Map.of(), Scenario.DEFAULT, 0),
        Arguments.of("mixed formats, gzip", ServiceFormat.preset(ServiceFormat.MIXED), Scenario.DEFAULT, 0),
        Arguments.of("span ids only", Map.of(), Scenario.DEFAULT.withIds(IdMode.SPAN), 0),
        Arguments.of("request ids", Map.of(), Scenario.DEFAULT.withIds(IdMode.REQUEST), 0),
        Arguments.of("silent and access-log-only services", Map.of(),
            Scenario.DEFAULT.withSilent(Set.of("inventory")).withAccessLogOnly(Set.of("catalog")), 0),
        Arguments.of("duplicates and skew", Map.of(), Scenario.DEFAULT.withDuplicates(0.1).withMaxSkewMs(3_000), 0),
        Arguments.of("across midnight", Map.of(), Scenario.DEFAULT.withAcrossMidnight(30), 0),
        Arguments.of("giant trace, truncated", Map.of(), Scenario.DEFAULT.withGiantTrace(600), 300),
        Arguments.of("kinds off", Map.of(), Scenario.DEFAULT.withNoKinds(true), 0),
        Arguments.of("non-enclosing", Map.of(), Scenario.DEFAULT.withNonEnclosing(0.4), 0),
        Arguments.of("after response", Map.of(), Scenario.DEFAULT.withAfterResponse(0.4), 0),
        Arguments.of("repeats", Map.of(), Scenario.DEFAULT.withRepeats(0.4), 0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("modes")
  void bothPathsWriteTheSameRows(String mode, Map<String, ServiceFormat> formats, Scenario scenario,
      int maxEventsPerTrace) throws Exception {
    Compression compression = formats.isEmpty() ? Compression.NONE : Compression.GZIP;
    GenerationSummary generated = new LogSimulator(
        new GeneratorOptions(dir, DAY, REQUESTS, 11, compression, formats, scenario)).run();
    TracelakeConfig loaded = ConfigLoader.load(generated.configFile());
    ReconstructionConfig r = loaded.reconstruction();
    if (maxEventsPerTrace > 0) {
      r = new ReconstructionConfig(r.maxClockSkewMs(), maxEventsPerTrace, r.dayMarginMinutes(),
          r.enclosureToleranceMs(), r.evidence());
    }
    TracelakeConfig old = withWarehouse(loaded, dir.resolve("old").toUri().toString(), r);
    TracelakeConfig onePass = withWarehouse(loaded, dir.resolve("new").toUri().toString(), r);

    RunReport before = new TwoPassNightlyJob(spark(), old).run(DAY);
    Map<String, Long> aggregatesBefore = new AggregateJob(spark(), old).run(DAY);
    RunReport after = new NightlyJob(spark(), onePass).run(DAY);

    for (Table table : Stream.concat(Tables.NIGHTLY.stream(), Tables.AGGREGATES.stream()).toList()) {
      Dataset<Row> expected = read(old, table);
      Dataset<Row> actual = read(onePass, table);
      assertThat(actual.count()).as(mode + ": rows of " + table.name()).isEqualTo(expected.count());
      assertDataFrameNoOrderEquals(nullable(expected), nullable(actual));
    }
    assertThat(after.counts()).isEqualTo(before.counts());
    assertThat(after.reconstruction()).isEqualTo(before.reconstruction());
    assertThat(after.reconciled()).isTrue();
    assertThat(after.aggregates()).isEqualTo(aggregatesBefore);
    if (maxEventsPerTrace > 0) {
      assertThat(after.reconstruction().truncatedTraces()).as("the giant trace is truncated").isPositive();
    }
    if (scenario.acrossMidnight() > 0) {
      assertThat(after.reconstruction().marginEvents()).as("margin events read").isPositive();
    }
  }

  /** A day of a table; a map column as its entries sorted by key, which Spark can compare (a map it cannot). */
  private Dataset<Row> read(TracelakeConfig config, Table table) {
    Dataset<Row> rows = spark().read().schema(TableSchemas.spark(table))
        .parquet(WarehouseWriter.partitionPath(config.warehouse(), table, DAY).toString());
    for (io.tracelake.model.schema.Column column : table.columns()) {
      if (column.type() == io.tracelake.model.schema.ColumnType.MAP_STRING_STRING) {
        rows = rows.withColumn(column.name(), org.apache.spark.sql.functions.array_sort(
            org.apache.spark.sql.functions.map_entries(org.apache.spark.sql.functions.col(column.name()))));
      }
    }
    return rows;
  }

  private static TracelakeConfig withWarehouse(TracelakeConfig c, String warehouse, ReconstructionConfig r) {
    return new TracelakeConfig(c.file(), warehouse, c.sources(), c.spark(), c.maxLineBytes(), c.splitBytes(),
        c.operationRules(), r);
  }
}
