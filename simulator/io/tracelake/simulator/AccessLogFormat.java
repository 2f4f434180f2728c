package io.tracelake.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/** An access log a service writes besides its application log: one line per request it served. */
public enum AccessLogFormat {
  /** nginx's combined format with {@code $request_id $request_time $upstream_response_time} appended. */
  NGINX("nginx"),
  /** Apache httpd's combined format with {@code %D} (microseconds) appended. */
  APACHE("apache"),
  /** Envoy's default access log format, as a sidecar in front of the service writes it. */
  ENVOY("envoy");

  private final String configName;

  AccessLogFormat(String configName) {
    this.configName = configName;
  }

  public String configName() {
    return configName;
  }

  /** The format of that config name, or null. */
  public static AccessLogFormat byConfigName(String name) {
    return Arrays.stream(values()).filter(f -> f.configName.equals(name)).findFirst().orElse(null);
  }

  public static String configNames() {
    return Arrays.stream(values()).map(AccessLogFormat::configName).collect(Collectors.joining(", "));
  }
}
