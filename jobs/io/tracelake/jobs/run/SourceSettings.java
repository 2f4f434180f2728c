package io.tracelake.jobs.run;

import io.tracelake.jobs.config.LogFormat;
import io.tracelake.jobs.config.NameSource;
import io.tracelake.jobs.config.SourceConfig;
import io.tracelake.parsers.JsonFieldMapping;
import io.tracelake.parsers.JsonLineParser;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.PathAttribution;
import java.io.Serializable;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** What an executor needs to parse one source's files: shipped with each task, parsers built there. */
final class SourceSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final LogFormat format;
  private final String serviceValue;
  private final String serviceField;
  private final String servicePath;
  private final String instanceValue;
  private final String instanceField;
  private final String instancePath;
  private final String timezone;
  private final int maxLineBytes;

  SourceSettings(SourceConfig source, int maxLineBytes) {
    this.name = source.name();
    this.format = LogFormat.byConfigName(source.format());
    NameSource service = source.service();
    NameSource instance = source.instance();
    this.serviceValue = service == null ? null : service.value();
    this.serviceField = service == null ? null : service.field();
    this.servicePath = service == null ? null : service.path();
    this.instanceValue = instance == null ? null : instance.value();
    this.instanceField = instance == null ? null : instance.field();
    this.instancePath = instance == null ? null : instance.path();
    this.timezone = source.timezone();
    this.maxLineBytes = maxLineBytes;
  }

  String name() {
    return name;
  }

  int maxLineBytes() {
    return maxLineBytes;
  }

  LineParser newParser() {
    ZoneId zone = timezone == null ? ZoneOffset.UTC : ZoneId.of(timezone);
    return switch (format) {
      case LOGSTASH_JSON -> new JsonLineParser(JsonFieldMapping.logstash(serviceField, instanceField), zone);
    };
  }

  /** Service for lines of this file that name none: the configured value, or read from the path. */
  String defaultService(String filePath) {
    return servicePath != null ? PathAttribution.compile(servicePath).valueFor(filePath) : serviceValue;
  }

  String defaultInstance(String filePath) {
    return instancePath != null ? PathAttribution.compile(instancePath).valueFor(filePath) : instanceValue;
  }
}
