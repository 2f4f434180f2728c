package io.tracelake.jobs.config;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tracelake.model.trace.RebuildOptions;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParsers;
import io.tracelake.parsers.PathAttribution;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Reads and validates a tracelake YAML config; every problem is reported as one {@link ConfigException} line. */
public final class ConfigLoader {

  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;
  /** {@code limits.split_bytes} left out: the run chooses a split size for the day (see InputFiles.splitBytes). */
  public static final long AUTOMATIC_SPLIT_BYTES = 0;
  private static final Pattern URI_SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]+:");

  private record RawLimits(@JsonProperty("max_line_bytes") Integer maxLineBytes,
      @JsonProperty("split_bytes") Long splitBytes) {}

  private record RawRebuild(@JsonProperty("max_clock_skew_ms") Long maxClockSkewMs,
      @JsonProperty("max_events_per_trace") Integer maxEventsPerTrace,
      @JsonProperty("day_margin_minutes") Integer dayMarginMinutes,
      @JsonProperty("enclosure_tolerance_ms") Long enclosureToleranceMs,
      @JsonProperty("evidence") Map<String, List<String>> evidence) {}

  private record RawOperations(@JsonProperty("rules") List<OperationRule> rules) {}

  private record RawOutput(@JsonProperty("umask") String umask) {}

  private record RawEncryption(@JsonProperty("enabled") Boolean enabled,
      @JsonProperty("kms_client") String kmsClient,
      @JsonProperty("kms_instance_url") String kmsInstanceUrl,
      @JsonProperty("footer_key") String footerKey,
      @JsonProperty("column_key") String columnKey,
      @JsonProperty("columns") Map<String, List<String>> columns,
      @JsonProperty("hadoop") Map<String, Object> hadoop) {}

  private record RawConfig(
      @JsonProperty("warehouse") String warehouse,
      @JsonProperty("sources") List<SourceConfig> sources,
      @JsonProperty("spark") Map<String, Object> spark,
      @JsonProperty("limits") RawLimits limits,
      @JsonProperty("operations") RawOperations operations,
      // "reconstruction" is the name the section had before "rebuild" became the one verb
      @JsonProperty("rebuild") @JsonAlias("reconstruction") RawRebuild rebuild,
      @JsonProperty("output") RawOutput output,
      @JsonProperty("encryption") RawEncryption encryption,
      @JsonProperty("redaction") com.fasterxml.jackson.databind.JsonNode redaction) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

  private ConfigLoader() {}

  public static TracelakeConfig load(Path file) {
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file + ": config file not found");
    } catch (IOException e) {
      throw new ConfigException(file + ": cannot read config file: " + e.getMessage());
    }
    Path baseDir = file.toAbsolutePath().normalize().getParent();
    return parse(text, file.toString(), baseDir);
  }

  /** Parses config text; relative paths resolve against {@code baseDir}. */
  public static TracelakeConfig parse(String text, String fileName, Path baseDir) {
    return parse(text, fileName, baseDir, System::getenv);
  }

  /** As {@link #parse(String, String, Path)}, reading environment variables (a redaction key's) with {@code env}. */
  static TracelakeConfig parse(String text, String fileName, Path baseDir,
      java.util.function.UnaryOperator<String> env) {
    RawConfig raw;
    try {
      raw = YAML.readValue(text, RawConfig.class);
    } catch (UnrecognizedPropertyException e) {
      throw new ConfigException(fileName + ": " + location(e, text) + "unknown field '" + e.getPropertyName()
          + "' at " + path(e) + "; known fields: " + e.getKnownPropertyIds().stream().map(Object::toString)
              .sorted().collect(Collectors.joining(", ")));
    } catch (JsonMappingException e) {
      String hint = ValueHints.forPath(e.getPath());
      throw new ConfigException(fileName + ": " + location(e, text) + (hint != null ? path(e) + " " + hint
          : "wrong value at " + path(e) + ": " + firstLine(e.getOriginalMessage())));
    } catch (JsonProcessingException e) {
      throw new ConfigException(fileName + ": " + location(e) + "not valid YAML: " + firstLine(e.getOriginalMessage()));
    }
    if (raw == null) {
      throw new ConfigException(fileName + ": config is empty; it needs at least 'warehouse' and 'sources'");
    }
    return validate(raw, fileName, baseDir, env);
  }

  private static TracelakeConfig validate(RawConfig raw, String fileName, Path baseDir,
      java.util.function.UnaryOperator<String> env) {
    if (raw.warehouse() == null || raw.warehouse().isBlank()) {
      throw new ConfigException(fileName + ": 'warehouse' is required: the directory or URI the tables go to");
    }
    if (raw.sources() == null || raw.sources().isEmpty()) {
      throw new ConfigException(fileName + ": 'sources' is required: a list of log sources to read");
    }
    List<SourceConfig> sources = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < raw.sources().size(); i++) {
      SourceConfig source = raw.sources().get(i);
      checkSpans(fileName, source);
      String where = fileName + ": sources[" + i + "]";
      if (source == null) {
        throw new ConfigException(where + " is empty");
      }
      if (source.name() == null || source.name().isBlank()) {
        throw new ConfigException(where + ".name is required");
      }
      where = fileName + ": source '" + source.name() + "'";
      if (!names.add(source.name())) {
        throw new ConfigException(where + " is defined twice; source names must be unique");
      }
      if (source.format() == null || !LineParsers.formats().contains(source.format())) {
        throw new ConfigException(where + ": format '" + source.format() + "' is not one of: "
            + String.join(", ", LineParsers.formats()));
      }
      if (source.paths() == null || source.paths().isEmpty()) {
        throw new ConfigException(where + ": 'paths' needs at least one path or glob");
      }
      List<String> paths = new ArrayList<>();
      for (String path : source.paths()) {
        if (path == null || path.isBlank()) {
          throw new ConfigException(where + ": 'paths' has an empty entry");
        }
        try {
          DatePlaceholders.check(path);
        } catch (IllegalArgumentException e) {
          throw new ConfigException(where + ": path '" + path + "': " + e.getMessage());
        }
        paths.add(resolve(path, baseDir));
      }
      checkNameSource(where + ".service", source.service());
      checkNameSource(where + ".instance", source.instance());
      if (source.timezone() != null) {
        try {
          ZoneId.of(source.timezone());
        } catch (DateTimeException e) {
          throw new ConfigException(where + ": timezone '" + source.timezone()
              + "' is not a zone id such as UTC, Europe/Berlin or +02:00");
        }
      }
      try {
        // building a parser once compiles its pattern, so a bad one is a config error, not a failed task
        LineParsers.validate(ParserSpecs.of(source), new FileContext(LocalDate.of(2000, 1, 1), ZoneOffset.UTC));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ": " + e.getMessage());
      }
      sources.add(source.withPaths(paths));
    }
    Map<String, io.tracelake.parsers.redaction.RedactionSettings> redaction = new java.util.HashMap<>();
    for (SourceConfig source : sources) {
      redaction.put(source.name(), RedactionConfig.resolve(fileName, raw.redaction(), source.redaction(),
          source.name(), baseDir, env));
    }
    Map<String, String> spark = new TreeMap<>();
    if (raw.spark() != null) {
      raw.spark().forEach((key, value) -> spark.put(key, String.valueOf(value)));
    }
    int maxLineBytes = DEFAULT_MAX_LINE_BYTES;
    if (raw.limits() != null && raw.limits().maxLineBytes() != null) {
      maxLineBytes = raw.limits().maxLineBytes();
      if (maxLineBytes < 1024) {
        throw new ConfigException(fileName + ": limits.max_line_bytes must be at least 1024, was " + maxLineBytes);
      }
    }
    long splitBytes = AUTOMATIC_SPLIT_BYTES;
    if (raw.limits() != null && raw.limits().splitBytes() != null) {
      splitBytes = raw.limits().splitBytes();
      if (splitBytes < 4096) {
        throw new ConfigException(fileName + ": limits.split_bytes must be at least 4096, was " + splitBytes);
      }
    }
    List<OperationRule> rules = raw.operations() == null || raw.operations().rules() == null ? List.of()
        : raw.operations().rules();
    for (int i = 0; i < rules.size(); i++) {
      OperationRule rule = rules.get(i);
      String where = fileName + ": operations.rules[" + i + "]";
      if (rule == null || rule.pattern() == null || rule.replacement() == null) {
        throw new ConfigException(where + " needs 'pattern' (a regular expression) and 'replacement'");
      }
      try {
        java.util.regex.Pattern.compile(rule.pattern());
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new ConfigException(where + ": pattern '" + rule.pattern() + "' does not compile: " + e.getDescription());
      }
    }
    return new TracelakeConfig(fileName, resolve(raw.warehouse(), baseDir), sources, spark, maxLineBytes, splitBytes,
        rules, rebuild(fileName, raw.rebuild()), output(fileName, raw.output()),
        encryption(fileName, raw.encryption()), redaction);
  }

  private static OutputConfig output(String fileName, RawOutput raw) {
    if (raw == null || raw.umask() == null) {
      return OutputConfig.DEFAULT;
    }
    if (!io.tracelake.jobs.warehouse.OutputMode.isValid(raw.umask())) {
      throw new ConfigException(fileName + ": output.umask must be three octal digits, such as \"077\" "
          + "(files 0600, directories 0700: the default) or \"027\" (0640, 0750); was " + raw.umask());
    }
    return new OutputConfig(raw.umask());
  }

  private static EncryptionConfig encryption(String fileName, RawEncryption raw) {
    if (raw == null || Boolean.FALSE.equals(raw.enabled())) {
      return EncryptionConfig.OFF;
    }
    String where = fileName + ": encryption.";
    if (raw.footerKey() == null || raw.footerKey().isBlank()) {
      throw new ConfigException(where + "footer_key is required: the id of the master key that signs the footers");
    }
    if (raw.columnKey() == null || raw.columnKey().isBlank()) {
      throw new ConfigException(where + "column_key is required: the id of the master key of the encrypted columns");
    }
    String kmsClient = raw.kmsClient() == null ? EncryptionConfig.DEFAULT_KMS_CLIENT : raw.kmsClient();
    try {
      if (!org.apache.parquet.crypto.keytools.KmsClient.class.isAssignableFrom(Class.forName(kmsClient))) {
        throw new ConfigException(where + "kms_client " + kmsClient + " does not implement parquet-java's "
            + org.apache.parquet.crypto.keytools.KmsClient.class.getName());
      }
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException(where + "kms_client " + kmsClient + " is not on the classpath; add its jar, or leave "
          + "kms_client out for " + EncryptionConfig.DEFAULT_KMS_CLIENT);
    }
    Map<String, List<String>> columns = raw.columns() == null ? EncryptionConfig.DEFAULT_COLUMNS : raw.columns();
    for (Map.Entry<String, List<String>> entry : columns.entrySet()) {
      io.tracelake.model.schema.Table table = io.tracelake.model.schema.Tables.ALL.stream()
          .filter(t -> t.name().equals(entry.getKey())).findFirst().orElse(null);
      if (table == null) {
        throw new ConfigException(where + "columns." + entry.getKey() + " is not a table; use one of "
            + io.tracelake.model.schema.Tables.ALL.stream().map(io.tracelake.model.schema.Table::name)
                .collect(Collectors.joining(", ")));
      }
      if (entry.getValue() == null) {
        throw new ConfigException(where + "columns." + entry.getKey() + " needs a list of column names");
      }
      for (String column : entry.getValue()) {
        if (table.columns().stream().noneMatch(c -> c.name().equals(column))) {
          throw new ConfigException(where + "columns." + entry.getKey() + ": '" + column + "' is not a column of "
              + table.name() + " (see model/SCHEMA.md)");
        }
      }
    }
    Map<String, String> hadoop = new TreeMap<>();
    if (raw.hadoop() != null) {
      raw.hadoop().forEach((key, value) -> hadoop.put(key, String.valueOf(value)));
    }
    return new EncryptionConfig(true, kmsClient, raw.kmsInstanceUrl(), raw.footerKey(), raw.columnKey(), columns,
        hadoop);
  }

  private static RebuildConfig rebuild(String fileName, RawRebuild raw) {
    RebuildConfig defaults = RebuildConfig.defaults();
    if (raw == null) {
      return defaults;
    }
    String where = fileName + ": rebuild.";
    long skew = raw.maxClockSkewMs() == null ? defaults.maxClockSkewMs() : raw.maxClockSkewMs();
    if (skew < 0) {
      throw new ConfigException(where + "max_clock_skew_ms must not be negative, was " + skew);
    }
    int maxEvents = raw.maxEventsPerTrace() == null ? defaults.maxEventsPerTrace() : raw.maxEventsPerTrace();
    if (maxEvents < 1) {
      throw new ConfigException(where + "max_events_per_trace must be at least 1, was " + maxEvents);
    }
    int margin = raw.dayMarginMinutes() == null ? defaults.dayMarginMinutes() : raw.dayMarginMinutes();
    if (margin < 0 || margin > 720) {
      throw new ConfigException(where + "day_margin_minutes must be between 0 and 720, was " + margin);
    }
    long tolerance = raw.enclosureToleranceMs() == null ? defaults.enclosureToleranceMs() : raw.enclosureToleranceMs();
    long maxTolerance = RebuildOptions.MAX_ENCLOSURE_TOLERANCE_US / 1000;
    if (tolerance < 0 || tolerance > maxTolerance) {
      throw new ConfigException(where + "enclosure_tolerance_ms must be between 0 and " + maxTolerance + ", was "
          + tolerance);
    }
    Map<String, List<String>> evidence = raw.evidence() == null ? Map.of() : raw.evidence();
    java.util.Set<String> kinds = new java.util.TreeSet<>();
    for (io.tracelake.model.trace.LineEvidence.Kind kind : io.tracelake.model.trace.LineEvidence.Kind.values()) {
      kinds.add(kind.key());
    }
    for (Map.Entry<String, List<String>> entry : evidence.entrySet()) {
      if (!kinds.contains(entry.getKey())) {
        throw new ConfigException(where + "evidence." + entry.getKey() + " is not an evidence kind; use one of "
            + String.join(", ", kinds));
      }
      if (entry.getValue() == null) {
        throw new ConfigException(where + "evidence." + entry.getKey() + " needs a list of patterns");
      }
    }
    RebuildConfig config = new RebuildConfig(skew, maxEvents, margin, tolerance, evidence);
    try {
      config.options();
    } catch (IllegalArgumentException e) {
      throw new ConfigException(where + "evidence: " + e.getMessage());
    }
    return config;
  }

  private static void checkSpans(String fileName, SourceConfig source) {
    if (source != null && source.spans() != null && source.name() != null) {
      try {
        source.spans().declarations().annotator();
      } catch (IllegalArgumentException e) {
        throw new ConfigException(fileName + ": source '" + source.name() + "': " + e.getMessage());
      }
    }
  }

  private static void checkNameSource(String where, NameSource names) {
    if (names == null) {
      return;
    }
    if (names.settings() != 1) {
      throw new ConfigException(where + " needs exactly one of 'value', 'field' or 'path'");
    }
    if (names.path() != null) {
      try {
        PathAttribution.compile(names.path());
      } catch (IllegalArgumentException e) {
        throw new ConfigException(where + ": " + e.getMessage());
      }
    }
  }

  /** A relative local path is taken from the config file's directory; URIs and absolute paths stay. */
  static String resolve(String path, Path baseDir) {
    if (URI_SCHEME.matcher(path).find() || path.startsWith("/") || baseDir == null) {
      return path;
    }
    return baseDir.resolve(path).normalize().toString();
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null ? "" : "line " + e.getLocation().getLineNr() + ": ";
  }

  /**
   * The line of the value a mapping error is about. Jackson's own location is where its parser stood,
   * which for records (read through a buffer) is the end of the enclosing block; the path is walked in
   * the YAML's node tree instead, which knows where every key is, in block and flow style alike.
   */
  private static String location(JsonMappingException e, String text) {
    int line = YamlLines.lineOf(text, e.getPath());
    return line > 0 ? "line " + line + ": " : location(e);
  }

  private static String path(JsonMappingException e) {
    StringBuilder sb = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (sb.length() > 0) {
          sb.append('.');
        }
        sb.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        sb.append('[').append(ref.getIndex()).append(']');
      }
    }
    return sb.length() == 0 ? "top level" : sb.toString();
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
