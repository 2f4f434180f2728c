package io.tracelake.jobs.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

/** Puts the config's Hadoop settings of a warehouse (its output mode, its encryption) where its readers and writers look. */
public final class WarehouseSettings {

  private WarehouseSettings() {}

  /**
   * Sets {@code settings} on {@code hadoop} (a session's configuration: its tasks get a copy of it) and the umask on
   * the warehouse's cached file system too ({@link OutputMode#applyTo(org.apache.hadoop.fs.FileSystem, Configuration)}).
   */
  public static void apply(Map<String, String> settings, String warehouse, Configuration hadoop) {
    settings.forEach(hadoop::set);
    try {
      OutputMode.applyTo(new Path(warehouse).getFileSystem(hadoop), hadoop);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + warehouse + ": " + e.getMessage(), e);
    }
  }
}
