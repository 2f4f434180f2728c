package io.tracelake.jobs.warehouse;

import java.io.Serializable;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.SerializableConfiguration;

/**
 * A job's Hadoop configuration as its tasks read it: broadcast, so that each executor deserializes it once (an
 * embedded session not at all) where a configuration in a task's function is deserialized by every task. That is
 * about a thousand settings, each string gzip-compressed: 0.2 CPU-s of a nightly run, whatever the day's size.
 * Tasks share the one object: they read it and copy it before changing a setting, as every writer here does.
 */
public final class TaskConfiguration implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;

  private final Broadcast<SerializableConfiguration> broadcast;

  private TaskConfiguration(Broadcast<SerializableConfiguration> broadcast) {
    this.broadcast = broadcast;
  }

  /** Broadcasts the configuration as it is now; later changes to {@code hadoop} are not seen by the tasks. */
  public static TaskConfiguration of(JavaSparkContext jsc, Configuration hadoop) {
    return new TaskConfiguration(jsc.broadcast(new SerializableConfiguration(hadoop)));
  }

  /** The configuration, in a task or on the driver. */
  public Configuration value() {
    return broadcast.value().value();
  }

  /** Frees the broadcast's copies, on the driver once the job's tasks have ended. */
  @Override
  public void close() {
    broadcast.destroy();
  }
}
