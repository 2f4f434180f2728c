package io.tracelake.jobs.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The log formats a source can name in its {@code format} field. */
public enum LogFormat {
  /** JSON lines as logstash-logback-encoder writes them (LogstashEncoder). */
  LOGSTASH_JSON("logstash-json");

  private final String configName;

  LogFormat(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** The format of that config name, or null. */
  public static LogFormat byConfigName(String name) {
    return Arrays.stream(values()).filter(f -> f.configName.equals(name)).findFirst().orElse(null);
  }

  public static String knownNames() {
    return Arrays.stream(values()).map(LogFormat::configName).collect(Collectors.joining(", "));
  }
}
