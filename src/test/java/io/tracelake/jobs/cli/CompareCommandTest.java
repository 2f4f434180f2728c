package io.tracelake.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.jobs.aggregate.AggregateJob;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.WarehouseTables;
import io.tracelake.model.schema.Tables;
import io.tracelake.testing.SparkTestBase;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tracelake compare} on days made to differ: two baseline days, then two candidate days on which cart got
 * 30% slower and fails five times as often, a cache call appeared and a legacy endpoint vanished; and two days
 * of the baseline compared with each other, where nothing may be beyond noise.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompareCommandTest extends SparkTestBase {

  private static final LocalDate FIRST = LocalDate.of(2026, 11, 2);

  @TempDir
  static Path dir;

  private String warehouse;

  @BeforeAll
  void writeFourDays() throws IOException {
    runBefore();
    Path config = dir.resolve("tracelake.yaml");
    Files.writeString(config, "warehouse: warehouse\nsources: [{name: a, format: logstash-json, paths: [logs]}]\n");
    TracelakeConfig cfg = ConfigLoader.load(config);
    warehouse = cfg.warehouse();
    for (int d = 0; d < 4; d++) {
      boolean candidate = d >= 2;
      LocalDate day = FIRST.plusDays(d);
      spark().createDataFrame(day(day, candidate, new Random(100 + d)), WarehouseTables.schema(Tables.SPANS))
          .coalesce(1).sortWithinPartitions("trace_id", "start_time").write().mode(SaveMode.Overwrite)
          .parquet(warehouse + "/spans/dt=" + day);
      new AggregateJob(spark(), cfg).run(day);
    }
  }

  /** 600 checkouts a day: gateway (10 ms of its own) calls cart (10 ms, 30% slower on candidate days). */
  private static List<Row> day(LocalDate day, boolean candidate, Random random) {
    long t0 = day.atStartOfDay().toEpochSecond(ZoneOffset.UTC) * 1_000_000L;
    List<Row> spans = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      String trace = String.format("%s%04d", day.toString().replace("-", ""), i);
      long start = t0 + i * 60_000_000L;
      long cart = Math.round(-10_000 * (candidate ? 1.3 : 1.0) * Math.log(1 - random.nextDouble()));
      boolean failed = random.nextDouble() < (candidate ? 0.05 : 0.01);
      spans.add(span(trace, "g", null, "gateway", "GET /api/cart", "SERVER", start, 10_000 + cart, failed, null));
      spans.add(span(trace, "c1", "g", "gateway", "GET /cart", "CLIENT", start + 5_000, cart, failed, "cart"));
      spans.add(span(trace, "c2", "c1", "cart", "GET /cart", "SERVER", start + 5_000, cart, failed, null));
      if (candidate) {
        spans.add(span(trace, "r1", "c2", "cart", "GET cart:{id}", "CLIENT", start + 5_000, 100, false, "redis"));
      }
      if (!candidate && i % 10 == 0) {
        spans.add(span(trace + "l", "l", null, "gateway", "GET /api/legacy", "SERVER", start, 2_000, false, null));
      }
    }
    return spans;
  }

  private static Row span(String trace, String id, String parent, String service, String name, String kind,
      long start, long durationUs, boolean error, String peer) {
    return RowFactory.create(trace, id, parent, service, service + "-1", name, kind, ts(start), ts(start + durationUs),
        durationUs, error ? "ERROR" : "OK", 1, peer, null, null, "markers", parent == null ? "none" : "explicit",
        parent == null ? 0.0 : 1.0, 0L, false, "logged", null, null, null, null);
  }

  private static Timestamp ts(long micros) {
    Timestamp timestamp = new Timestamp(Math.floorDiv(micros, 1000));
    timestamp.setNanos((int) Math.floorMod(micros, 1_000_000L) * 1000);
    return timestamp;
  }

  private static String[] cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = TracelakeCommand.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {String.valueOf(code), out.toString(), err.toString()};
  }

  private Map<String, JsonNode> rows(String... args) throws IOException {
    String[] result = cli(args);
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    Map<String, JsonNode> rows = new HashMap<>();
    new ObjectMapper().readTree(result[1]).get("rows").forEach(r -> rows.put(r.get("name").asText(), r));
    return rows;
  }

  @Test
  void whatChangedIsBeyondNoiseAndWhatDidNotIsNot() throws IOException {
    Map<String, JsonNode> rows = rows("compare", "--warehouse", warehouse, "--baseline", FIRST + ".." + FIRST.plusDays(1),
        "--candidate", FIRST.plusDays(2) + ".." + FIRST.plusDays(3), "--json");
    JsonNode cart = rows.get("cart GET /cart");
    assertThat(cart.get("status").asText()).isEqualTo("both");
    assertThat(cart.get("beyond_noise").get("p50_us").asBoolean()).isTrue();
    assertThat(cart.get("beyond_noise").get("p95_us").asBoolean()).isTrue();
    assertThat(cart.get("beyond_noise").get("error_rate").asBoolean()).isTrue();
    assertThat(cart.get("beyond_noise").get("calls_per_day").asBoolean()).isFalse();
    assertThat(cart.get("baseline").get("calls_per_day").asDouble()).isEqualTo(600.0);
    assertThat(cart.get("candidate").get("p95_us").asLong()).isGreaterThan(cart.get("baseline").get("p95_us").asLong());
    assertThat(rows.get("gateway -> cart").get("beyond_noise").get("p95_us").asBoolean()).isTrue();
    assertThat(rows.get("cart -> redis").get("status").asText()).isEqualTo("appeared");
    assertThat(rows.get("gateway GET /api/legacy").get("status").asText()).isEqualTo("vanished");

    String[] text = cli("compare", "--warehouse", warehouse, "--baseline", FIRST + ".." + FIRST.plusDays(1),
        "--candidate", FIRST.plusDays(2) + ".." + FIRST.plusDays(3));
    assertThat(text[1]).contains("Poisson rate z-test").contains("two-proportion z-test").contains("order-statistic")
        .contains("appeared").contains("vanished").contains(" *")
        .contains("critical-path shares that moved").containsPattern("gateway GET /api/cart +cart GET /cart");
  }

  @Test
  void twoDaysOfTheSameTrafficShowNoChangeBeyondNoise() throws IOException {
    Map<String, JsonNode> rows = rows("compare", "--warehouse", warehouse, "--baseline", FIRST.toString(),
        "--candidate", FIRST.plusDays(1).toString(), "--json");
    assertThat(rows).isEmpty();
    assertThat(cli("compare", "--warehouse", warehouse, "--baseline", FIRST.toString(), "--candidate",
        FIRST.plusDays(1).toString())[1]).contains("no change beyond noise");
  }

  @Test
  void aPeriodWithoutAggregatesOrABadRangeIsOneLine() {
    String[] missing = cli("compare", "--warehouse", warehouse, "--baseline", "2026-01-01..2026-01-07", "--candidate",
        FIRST.toString());
    assertThat(missing[0]).isEqualTo(String.valueOf(ExitCodes.INPUT));
    assertThat(missing[2].strip()).contains("--baseline 2026-01-01..2026-01-07: no day of it has aggregates")
        .doesNotContain("\n");
    assertThat(cli("compare", "--warehouse", warehouse, "--baseline", "2026-11-05..2026-11-01", "--candidate",
        FIRST.toString())[0]).isEqualTo(String.valueOf(ExitCodes.USAGE));
  }

  @Test
  void callsPerDayKeepADecimalBelowTen() {
    assertThat(CompareCommand.perDay(0.2857)).isEqualTo("0.3");
    assertThat(CompareCommand.perDay(9.96)).isEqualTo("10.0");
    assertThat(CompareCommand.perDay(1234.4)).isEqualTo("1,234");
  }
}
