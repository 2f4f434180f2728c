package io.tracelake.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one service writes: its application log in {@code format}, wrapped in {@code envelope} when it
 * runs in a container, and an access log in {@code accessLog} (null for none).
 *
 * <p>Written as {@code [docker:|cri:]FORMAT[+ACCESS]}, e.g. {@code cri:pattern}, {@code spring-boot+nginx};
 * {@code +ACCESS} alone adds an access log to the service's current choice.
 */
public record ServiceFormat(AppLogFormat format, Envelope envelope, AccessLogFormat accessLog) {

  /** What every service writes unless told otherwise: logstash JSON lines, no envelope, no access log. */
  public static final ServiceFormat DEFAULT = new ServiceFormat(AppLogFormat.LOGSTASH_JSON, Envelope.NONE, null);

  /** The name of the preset that gives every format to at least one service. */
  public static final String MIXED = "mixed";

  public ServiceFormat {
    if (format == null || envelope == null) {
      throw new IllegalArgumentException("Invalid service format: the log format and envelope must not be null");
    }
  }

  /** This choice changed by {@code spec}: a whole choice replaces it, {@code +ACCESS} alone only adds an access log. */
  public ServiceFormat with(String spec) {
    if (spec == null || spec.isBlank()) {
      throw invalid(spec);
    }
    int plus = spec.indexOf('+');
    String app = plus < 0 ? spec : spec.substring(0, plus);
    AccessLogFormat access = null;
    if (plus >= 0) {
      access = AccessLogFormat.byConfigName(spec.substring(plus + 1));
      if (access == null) {
        throw invalid(spec);
      }
    }
    if (app.isEmpty()) {
      return new ServiceFormat(format, envelope, access);
    }
    Envelope wrapper = Envelope.NONE;
    int colon = app.indexOf(':');
    if (colon >= 0) {
      wrapper = Envelope.byConfigName(app.substring(0, colon));
      if (wrapper == null) {
        throw invalid(spec);
      }
      app = app.substring(colon + 1);
    }
    AppLogFormat appFormat = AppLogFormat.byOptionName(app);
    if (appFormat == null) {
      throw invalid(spec);
    }
    return new ServiceFormat(appFormat, wrapper, access);
  }

  /** The choice written as {@link #with} reads it, e.g. {@code cri:pattern+envoy}. */
  public String spec() {
    return (envelope == Envelope.NONE ? "" : envelope.configName() + ":") + format.optionName()
        + (accessLog == null ? "" : "+" + accessLog.configName());
  }

  /**
   * Applies assignments {@code SERVICE=SPEC} in order to {@code base} (e.g. a preset), so that a later
   * one overrides an earlier one for the same service.
   *
   * @throws IllegalArgumentException naming the assignment, when its service or format is unknown
   */
  public static Map<String, ServiceFormat> assign(Map<String, ServiceFormat> base, List<String> assignments) {
    Map<String, ServiceFormat> formats = new LinkedHashMap<>(base);
    for (String assignment : assignments) {
      int equals = assignment == null ? -1 : assignment.indexOf('=');
      if (equals < 0) {
        throw new IllegalArgumentException("Invalid format assignment '" + assignment
            + "': write it as SERVICE=FORMAT, e.g. cart=cri:pattern");
      }
      String service = assignment.substring(0, equals);
      try {
        if (!ShopTopology.SERVICES.contains(service)) {
          throw unknownService(service);
        }
        formats.put(service, formats.getOrDefault(service, DEFAULT).with(assignment.substring(equals + 1)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("Invalid format assignment '" + assignment + "': " + e.getMessage(), e);
      }
    }
    return formats;
  }

  /**
   * The formats of a preset by name. {@code mixed} gives each service another format so that one day
   * holds every format, envelope and access log at least once.
   */
  public static Map<String, ServiceFormat> preset(String name) {
    if (!MIXED.equals(name)) {
      throw new IllegalArgumentException("Invalid format preset '" + name + "': the only preset is " + MIXED);
    }
    Map<String, ServiceFormat> formats = new LinkedHashMap<>();
    formats.put("gateway", DEFAULT.with("spring-boot-2+nginx"));
    formats.put("auth", DEFAULT.with("ecs-json"));
    formats.put("catalog", DEFAULT.with("cri:pattern"));
    formats.put("cart", DEFAULT.with("docker:pino-json"));
    formats.put("checkout", DEFAULT.with("spring-boot+envoy"));
    formats.put("inventory", DEFAULT.with("cri:logfmt"));
    formats.put("payments", DEFAULT.with("otel-json"));
    formats.put("orders", DEFAULT.with("logstash-json+apache"));
    formats.put("recommendations", DEFAULT.with("python"));
    formats.put("notifications", DEFAULT.with("bunyan-json"));
    formats.put("shipping", DEFAULT.with("docker:spring-boot"));
    return formats;
  }

  static IllegalArgumentException unknownService(String service) {
    return new IllegalArgumentException("'" + service + "' is not a service of the shop; use one of "
        + String.join(", ", ShopTopology.SERVICES));
  }

  private static IllegalArgumentException invalid(String spec) {
    return new IllegalArgumentException("'" + spec + "' is not a log format; use one of "
        + AppLogFormat.optionNames() + ", optionally as docker:FORMAT or cri:FORMAT, and/or +"
        + AccessLogFormat.configNames().replace(", ", ", +") + " for an access log");
  }
}
