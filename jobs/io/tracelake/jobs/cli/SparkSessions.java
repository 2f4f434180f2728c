package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.NightlyJob;
import io.tracelake.jobs.warehouse.PosixLocalFileSystem;
import io.tracelake.jobs.warehouse.WarehouseSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/** The Spark session a command runs in: spark-submit's (or a test's) when there is one, else embedded local[*]. */
public final class SparkSessions {

  /** A session, stopped on close only when this command started it. */
  public record Handle(SparkSession spark, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
      if (owned) {
        spark.stop();
      }
    }
  }

  private SparkSessions() {}

  public static Handle open(TracelakeConfig cfg, String appName) {
    if (SparkSession.getDefaultSession().isDefined()) {
      SparkSession spark = SparkSession.getDefaultSession().get();
      WarehouseSettings.apply(cfg.hadoopSettings(), cfg.warehouse(), spark.sparkContext().hadoopConfiguration());
      return new Handle(spark, false);
    }
    // SparkConf picks up spark.* system properties, which is how spark-submit passes its settings
    SparkConf conf = new SparkConf();
    conf.setIfMissing("spark.master", "local[*]");
    conf.setIfMissing("spark.app.name", appName);
    if (conf.get("spark.master").startsWith("local")) {
      conf.setIfMissing("spark.ui.enabled", "false");
      conf.setIfMissing("spark.sql.shuffle.partitions",
          String.valueOf(Math.max(4, 2 * Runtime.getRuntime().availableProcessors())));
    }
    // the tables' timestamps are UTC; set before the session starts, this costs nothing until SQL is used
    conf.setIfMissing(NightlyJob.SESSION_TIME_ZONE, NightlyJob.UTC);
    // modes set without a chmod process per file and directory written
    conf.setIfMissing("spark.hadoop." + PosixLocalFileSystem.IMPL_KEY, PosixLocalFileSystem.class.getName());
    cfg.spark().forEach(conf::set);
    // before the session starts: every file system it opens is then made with the config's umask
    cfg.hadoopSettings().forEach((key, value) -> conf.set("spark.hadoop." + key, value));
    SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
    WarehouseSettings.apply(cfg.hadoopSettings(), cfg.warehouse(), spark.sparkContext().hadoopConfiguration());
    return new Handle(spark, true);
  }
}
