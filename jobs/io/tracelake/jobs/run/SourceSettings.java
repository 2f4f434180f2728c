package io.tracelake.jobs.run;

import io.tracelake.jobs.config.NameSource;
import io.tracelake.jobs.config.ParserSpecs;
import io.tracelake.jobs.config.SourceConfig;
import io.tracelake.parsers.ParserSpec;
import io.tracelake.parsers.PathAttribution;
import io.tracelake.parsers.redaction.RedactionSettings;
import java.io.Serializable;

/** What an executor needs to parse one source's files: shipped with each task, parsers built there. */
final class SourceSettings implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String name;
  private final ParserSpec parser;
  private final String serviceValue;
  private final String servicePath;
  private final String instanceValue;
  private final String instancePath;
  private final int maxLineBytes;
  private final RedactionSettings redaction;

  SourceSettings(SourceConfig source, int maxLineBytes, RedactionSettings redaction) {
    this.redaction = redaction;
    this.name = source.name();
    this.parser = ParserSpecs.of(source);
    NameSource service = source.service();
    NameSource instance = source.instance();
    this.serviceValue = service == null ? null : service.value();
    this.servicePath = service == null ? null : service.path();
    this.instanceValue = instance == null ? null : instance.value();
    this.instancePath = instance == null ? null : instance.path();
    this.maxLineBytes = maxLineBytes;
  }

  String name() {
    return name;
  }

  ParserSpec parser() {
    return parser;
  }

  int maxLineBytes() {
    return maxLineBytes;
  }

  /** How the source's entries are redacted, before anything of them is written or shuffled. */
  RedactionSettings redaction() {
    return redaction;
  }

  /** Service for lines of this file that name none: the configured value, or read from the path. */
  String defaultService(String filePath) {
    return servicePath != null ? PathAttribution.compile(servicePath).valueFor(filePath) : serviceValue;
  }

  String defaultInstance(String filePath) {
    return instancePath != null ? PathAttribution.compile(instancePath).valueFor(filePath) : instanceValue;
  }
}
