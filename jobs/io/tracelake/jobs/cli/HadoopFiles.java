package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.ConfigException;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.OutputMode;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;
import io.tracelake.jobs.warehouse.PosixLocalFileSystem;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * Files named on the command line (the config, --out, --report, --traces-file): a plain path is a local
 * file, as a shell user expects; a URI with a scheme (hdfs://, s3a://, file://, ...) is read or written
 * through Hadoop's FileSystem, so a job in cluster deploy mode reads its config from where the cluster can.
 */
final class HadoopFiles {

  /** A scheme of two characters or more: a Windows drive letter is not one. */
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+://?");

  private HadoopFiles() {}

  static boolean isUri(String location) {
    return SCHEME.matcher(location).find();
  }

  /**
   * The config at a local path or a Hadoop URI. Paths in a config read from a URI must be absolute or
   * URIs: there is no local directory to take relative ones from.
   */
  static TracelakeConfig loadConfig(String location) {
    if (!isUri(location)) {
      return ConfigLoader.load(java.nio.file.Path.of(location));
    }
    String text;
    try {
      text = readString(location);
    } catch (FileNotFoundException e) {
      throw new ConfigException(location + ": config file not found");
    } catch (IOException | RuntimeException e) {
      throw new ConfigException(location + ": cannot read config file: " + e.getMessage());
    }
    TracelakeConfig config = ConfigLoader.parse(text, location, null);
    requireAbsolute(location, "warehouse", config.warehouse());
    config.sources().forEach(source -> source.paths().forEach(path -> requireAbsolute(location,
        "source '" + source.name() + "': path", path)));
    return config;
  }

  private static void requireAbsolute(String location, String what, String path) {
    if (!isUri(path) && !path.startsWith("/")) {
      throw new ConfigException(location + ": " + what + " '" + path + "' is relative; a config read from a URI "
          + "needs absolute paths or URIs (hdfs://, s3a://, ...)");
    }
  }

  static String readString(String location) throws IOException {
    if (!isUri(location)) {
      try {
        return Files.readString(java.nio.file.Path.of(location), StandardCharsets.UTF_8);
      } catch (NoSuchFileException e) {
        throw new FileNotFoundException(location);
      }
    }
    Path path = new Path(location);
    try (InputStream in = path.getFileSystem(configuration()).open(path)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** Writes {@code bytes} to a new or replaced file, with the session's output mode ({@link OutputMode}). */
  static void write(String location, byte[] bytes) throws IOException {
    if (!isUri(location)) {
      java.nio.file.Path local = java.nio.file.Path.of(location);
      Files.write(local, bytes);
      OutputMode.applyTo(local, false, configuration());
      return;
    }
    Path path = new Path(location);
    FileSystem fs = path.getFileSystem(configuration());
    OutputMode.applyTo(fs, configuration());
    try (OutputStream out = fs.create(path, true)) {
      out.write(bytes);
    }
  }

  static void writeString(String location, String text) throws IOException {
    write(location, text.getBytes(StandardCharsets.UTF_8));
  }

  /** {@link #configuration()} with the config's {@code spark.hadoop.*} settings (credentials of s3a, say). */
  static Configuration configuration(TracelakeConfig config) {
    Configuration hadoop = new Configuration(configuration());
    config.spark().forEach((key, value) -> {
      if (key.startsWith("spark.hadoop.")) {
        hadoop.set(key.substring("spark.hadoop.".length()), value);
      }
    });
    // the encryption's keys, for the parquet-java readers of trace
    config.hadoopSettings().forEach(hadoop::set);
    return hadoop;
  }

  /**
   * The running session's Hadoop settings when there is one; else Hadoop's defaults (core-site.xml on the
   * classpath, which spark-submit puts there from HADOOP_CONF_DIR) plus spark-submit's spark.hadoop.* settings.
   */
  static Configuration configuration() {
    if (SparkSession.getActiveSession().isDefined()) {
      return SparkSession.getActiveSession().get().sparkContext().hadoopConfiguration();
    }
    if (SparkSession.getDefaultSession().isDefined()) {
      return SparkSession.getDefaultSession().get().sparkContext().hadoopConfiguration();
    }
    Configuration hadoop = new Configuration();
    for (Tuple2<String, String> setting : new SparkConf().getAll()) {
      if (setting._1().startsWith("spark.hadoop.")) {
        hadoop.set(setting._1().substring("spark.hadoop.".length()), setting._2());
      }
    }
    PosixLocalFileSystem.use(hadoop);
    return hadoop;
  }
}
