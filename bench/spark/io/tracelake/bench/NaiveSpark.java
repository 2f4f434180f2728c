package io.tracelake.bench;

import static org.apache.spark.sql.functions.array;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.input_file_name;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.percentile_approx;
import static org.apache.spark.sql.functions.regexp_extract;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_timestamp;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The job a data engineer would write instead of tracelake, on the same generated day: read the logs with
 * Spark's own readers ({@code spark.read.json} with schema inference, or {@code spark.read.text} and
 * {@code regexp_extract} for the pattern layout), write the events as Parquet, then group them into
 * spans and traces with {@code groupBy} and compute per-operation percentiles with
 * {@code percentile_approx}, each written as Parquet. Spark's defaults otherwise (200 shuffle
 * partitions, AQE on); zstd like tracelake so the Parquet cost is the same.
 *
 * <p>What it does not do, and tracelake does: time zones of local timestamps, multi-line entries
 * (stack-trace lines are dropped as non-matching), span markers and durations, parent inference,
 * rejects with reasons, request ids. It is the floor of what a hand-written job costs, not its equal.
 *
 * <pre>NaiveSpark json|pattern LOGS_DIR OUT_DIR</pre>
 * prints one JSON line of counts and stage seconds.
 */
public final class NaiveSpark {

  /** The generator's pattern layout, {@code %d %-5level [%thread] %logger{36} traceId= spanId= parentId= - %msg}. */
  static final String PATTERN_LINE = "^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) +(\\w+) +\\[([^\\]]*)\\] "
      + "(\\S+) traceId=(\\S*) spanId=(\\S*) parentId=(\\S*) - (.*)$";

  private NaiveSpark() {}

  public static void main(String[] args) {
    if (args.length != 3 || !(args[0].equals("json") || args[0].equals("pattern"))) {
      System.err.println("usage: NaiveSpark json|pattern LOGS_DIR OUT_DIR");
      System.exit(2);
    }
    String kind = args[0];
    String logs = args[1];
    String out = args[2];
    SparkSession spark = SparkSession.builder().master(System.getProperty("spark.master", "local[*]"))
        .appName("naive-spark").config("spark.ui.enabled", "false").getOrCreate();
    Map<String, Double> stages = new LinkedHashMap<>();
    long t0 = System.nanoTime();

    Dataset<Row> events = kind.equals("json") ? jsonEvents(spark, logs) : patternEvents(spark, logs);
    events.write().mode("overwrite").option("compression", "zstd").parquet(out + "/events");
    long t1 = System.nanoTime();
    stages.put("parse_and_write_events", (t1 - t0) / 1e9);

    Dataset<Row> stored = spark.read().parquet(out + "/events");
    Dataset<Row> spans = stored.filter(col("trace_id").isNotNull().and(col("span_id").isNotNull()))
        .groupBy("trace_id", "span_id")
        .agg(first("parent_span_id", true).as("parent_span_id"), first("service", true).as("service"),
            first("logger", true).as("name"), min("ts").as("start_time"), max("ts").as("end_time"),
            count(lit(1)).as("event_count"), max(when(col("level").equalTo("ERROR"), 1).otherwise(0)).as("error"))
        .withColumn("duration_us", unix_micros(col("end_time")).minus(unix_micros(col("start_time"))));
    spans.write().mode("overwrite").option("compression", "zstd").parquet(out + "/spans");
    long t2 = System.nanoTime();
    stages.put("spans", (t2 - t1) / 1e9);

    Dataset<Row> storedSpans = spark.read().parquet(out + "/spans");
    Dataset<Row> traces = storedSpans.groupBy("trace_id")
        .agg(min(struct(col("parent_span_id").isNotNull(), col("start_time"), col("service"), col("name"))).as("root"),
            min("start_time").as("start_time"), max("end_time").as("end_time"), count(lit(1)).as("span_count"),
            countDistinct("service").as("service_count"), max("error").as("error"))
        .select(col("trace_id"), col("root.service").as("root_service"), col("root.name").as("root_operation"),
            col("start_time"), col("end_time"), col("span_count"), col("service_count"), col("error"));
    traces.write().mode("overwrite").option("compression", "zstd").parquet(out + "/traces");
    long t3 = System.nanoTime();
    stages.put("traces", (t3 - t2) / 1e9);

    Dataset<Row> percentiles = storedSpans.groupBy("service", "name")
        .agg(count(lit(1)).as("spans"),
            percentile_approx(col("duration_us"), array(lit(0.5), lit(0.95), lit(0.99)), lit(10000)).as("p50_p95_p99"));
    percentiles.write().mode("overwrite").option("compression", "zstd").parquet(out + "/percentiles");
    long t4 = System.nanoTime();
    stages.put("percentiles", (t4 - t3) / 1e9);

    long eventCount = spark.read().parquet(out + "/events").count();
    long spanCount = storedSpans.count();
    long traceCount = spark.read().parquet(out + "/traces").count();
    StringBuilder json = new StringBuilder("{\"events\":" + eventCount + ",\"spans\":" + spanCount
        + ",\"traces\":" + traceCount + ",\"stages\":[");
    stages.forEach((name, seconds) -> json.append(String.format(java.util.Locale.ROOT,
        "{\"stage\":\"%s\",\"seconds\":%.3f},", name, seconds)));
    json.setLength(json.length() - 1);
    System.out.println(json.append("]}"));
    spark.stop();
  }

  /** {@code spark.read.json} over the logstash lines, schema inferred (a second pass over the input). */
  private static Dataset<Row> jsonEvents(SparkSession spark, String logs) {
    Dataset<Row> raw = spark.read().json(logs + "/*/*.log*");
    return raw.select(
        to_timestamp(col("`@timestamp`")).as("ts"), col("level"), col("app_name").as("service"),
        col("HOSTNAME").as("instance"), col("logger_name").as("logger"), col("thread_name").as("thread"),
        col("message"), col("traceId").as("trace_id"), col("spanId").as("span_id"),
        col("parentId").as("parent_span_id"), col("span_name"), input_file_name().as("file"));
  }

  /** {@code spark.read.text} and one {@code regexp_extract} per field; the service from the file's directory. */
  private static Dataset<Row> patternEvents(SparkSession spark, String logs) {
    Dataset<Row> lines = spark.read().text(logs + "/*/*.log*");
    Column line = col("value");
    return lines.filter(line.rlike(PATTERN_LINE)).select(
        to_timestamp(regexp_extract(line, PATTERN_LINE, 1), "yyyy-MM-dd HH:mm:ss.SSS").as("ts"),
        regexp_extract(line, PATTERN_LINE, 2).as("level"),
        regexp_extract(input_file_name(), "/([^/]+)/[^/]+$", 1).as("service"),
        regexp_extract(input_file_name(), "/([^/]+)\\.log[^/]*$", 1).as("instance"),
        regexp_extract(line, PATTERN_LINE, 4).as("logger"),
        regexp_extract(line, PATTERN_LINE, 3).as("thread"),
        regexp_extract(line, PATTERN_LINE, 8).as("message"),
        nullIfEmpty(regexp_extract(line, PATTERN_LINE, 5)).as("trace_id"),
        nullIfEmpty(regexp_extract(line, PATTERN_LINE, 6)).as("span_id"),
        nullIfEmpty(regexp_extract(line, PATTERN_LINE, 7)).as("parent_span_id"),
        input_file_name().as("file"));
  }

  private static Column nullIfEmpty(Column c) {
    return when(c.equalTo(""), lit(null)).otherwise(c);
  }
}
