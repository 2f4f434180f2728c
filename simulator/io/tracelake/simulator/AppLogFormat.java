package io.tracelake.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * How a service writes its application log: the library or framework whose line layout it uses. Most
 * are named as tracelake's config names them; {@link #SPRING_BOOT_2} and {@link #PYTHON} are variants
 * that the config reads as {@code spring-boot} and {@code pattern}.
 */
public enum AppLogFormat {
  /** logstash-logback-encoder's LogstashEncoder: JSON lines with the MDC's traceId/spanId/parentId. */
  LOGSTASH_JSON("logstash-json", "logstash-json", true),
  /** ecs-logging-java's EcsEncoder: ECS JSON lines with trace.id and span.id, times in UTC. */
  ECS_JSON("ecs-json", "ecs-json", true),
  /** One OTLP/JSON ExportLogsServiceRequest per line, as OpenTelemetry's file exporters write it. */
  OTEL_JSON("otel-json", "otel-json", true),
  /** Bunyan (Node.js) with OpenTelemetry's log correlation: trace_id, span_id, trace_flags. */
  BUNYAN_JSON("bunyan-json", "bunyan-json", true),
  /** pino (Node.js) with OpenTelemetry's log correlation; times in epoch milliseconds. */
  PINO_JSON("pino-json", "pino-json", true),
  /** A Logback PatternLayout with the MDC's ids; times without offset, in the service's zone. */
  PATTERN("pattern", "pattern", false),
  /** Python logging with OpenTelemetry's default format, described to tracelake as a Logback pattern. */
  PYTHON("python", "pattern", false),
  /** Spring Boot 3's default console line with Micrometer Tracing's [traceId-spanId] correlation. */
  SPRING_BOOT("spring-boot", "spring-boot", true),
  /** Spring Boot 2's default console line with Spring Cloud Sleuth's [app,traceId,spanId]; no offset. */
  SPRING_BOOT_2("spring-boot-2", "spring-boot", false),
  /** logfmt as a Go service's logrus TextFormatter writes it, with trace_id/span_id/parent_id fields. */
  LOGFMT("logfmt", "logfmt", true);

  private final String optionName;
  private final String configName;
  private final boolean zoned;

  AppLogFormat(String optionName, String configName, boolean zoned) {
    this.optionName = optionName;
    this.configName = configName;
    this.zoned = zoned;
  }

  /** The name {@code --format} takes, e.g. {@code spring-boot-2}. */
  public String optionName() {
    return optionName;
  }

  /** The name in the {@code format} field of tracelake's config, e.g. {@code spring-boot}. */
  public String configName() {
    return configName;
  }

  /**
   * False when timestamps are written without a UTC offset: every instance of the service then logs in
   * one zone, which the config states.
   */
  public boolean zoned() {
    return zoned;
  }

  /** The format of that option name, or null. */
  public static AppLogFormat byOptionName(String name) {
    return Arrays.stream(values()).filter(f -> f.optionName.equals(name)).findFirst().orElse(null);
  }

  public static String optionNames() {
    return Arrays.stream(values()).map(AppLogFormat::optionName).collect(Collectors.joining(", "));
  }
}
