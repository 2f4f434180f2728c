package io.tracelake.jobs.config;

import java.util.List;
import java.util.Map;

/**
 * A validated tracelake configuration; relative paths are already resolved against the config file's
 * directory.
 *
 * @param warehouse root URI of the tables
 * @param spark extra Spark settings, applied to the session the CLI builds
 * @param maxLineBytes lines longer than this are rejected as {@code line_too_long}
 * @param splitBytes uncompressed files larger than this are read in splits of this size, by several tasks; 0 for
 *     the run to choose (the {@code limits.split_bytes} the config leaves out)
 * @param operationRules how operation names are turned into templates for the aggregates, before the defaults
 * @param rebuild how traces are rebuilt, and the margin of the neighbouring days read with a day
 * @param output the permissions of what the run writes
 * @param encryption the warehouse's encrypted columns, and the keys
 * @param redaction how each source's entries are redacted before anything is written, by source name
 */
public record TracelakeConfig(
    String file,
    String warehouse,
    List<SourceConfig> sources,
    Map<String, String> spark,
    int maxLineBytes,
    long splitBytes,
    List<OperationRule> operationRules,
    RebuildConfig rebuild,
    OutputConfig output,
    EncryptionConfig encryption,
    Map<String, io.tracelake.parsers.redaction.RedactionSettings> redaction) {

  public TracelakeConfig {
    redaction = Map.copyOf(redaction);
    sources = List.copyOf(sources);
    operationRules = List.copyOf(operationRules);
    spark = Map.copyOf(spark);
  }

  /** A config with the default output mode, no encryption, and every source redacted with the defaults. */
  public TracelakeConfig(String file, String warehouse, List<SourceConfig> sources, Map<String, String> spark,
      int maxLineBytes, long splitBytes, List<OperationRule> operationRules, RebuildConfig rebuild) {
    this(file, warehouse, sources, spark, maxLineBytes, splitBytes, operationRules, rebuild, OutputConfig.DEFAULT,
        EncryptionConfig.OFF, Map.of());
  }

  /**
   * The Hadoop settings of the warehouse's readers and writers: the output mode, and the encryption's factory, KMS
   * client and keys.
   */
  public Map<String, String> hadoopSettings() {
    Map<String, String> settings = new java.util.LinkedHashMap<>(output.hadoopSettings());
    settings.putAll(encryption.hadoopSettings());
    return settings;
  }

  /** How source {@code name}'s entries are redacted; the defaults for a source the map does not name. */
  public io.tracelake.parsers.redaction.RedactionSettings redactionFor(String name) {
    io.tracelake.parsers.redaction.RedactionSettings settings = redaction.get(name);
    return settings != null ? settings : io.tracelake.parsers.redaction.RedactionSettings.defaults();
  }
}
