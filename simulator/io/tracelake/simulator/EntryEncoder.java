package io.tracelake.simulator;

import java.time.ZoneOffset;

/** Renders the log entries of one service instance in one application log format. */
interface EntryEncoder {

  /**
   * Appends the entry of {@code line}: one physical line ending in a newline, followed in text formats by
   * the lines of its stack trace when it logs an exception.
   */
  void encode(LogLine line, StringBuilder out);

  /** An encoder of lines with every id and the span markers. */
  static EntryEncoder create(AppLogFormat format, Host host, ZoneOffset zone, int pid, boolean exceptions) {
    return create(format, host, zone, pid, exceptions, IdMode.FULL);
  }

  /**
   * @param zone the zone the instance logs in
   * @param pid the process id of the service on that instance
   * @param exceptions whether error lines carry their exception
   * @param ids which ids the lines carry
   */
  static EntryEncoder create(AppLogFormat format, Host host, ZoneOffset zone, int pid, boolean exceptions,
      IdMode ids) {
    switch (format) {
      case LOGSTASH_JSON:
        return new LogstashEntryEncoder(new LogstashLineEncoder(host, zone, exceptions, ids));
      case ECS_JSON:
        return new EcsLineEncoder(host, exceptions, ids);
      case OTEL_JSON:
        return new OtelLineEncoder(host, exceptions, ids);
      case BUNYAN_JSON:
        return new BunyanLineEncoder(host, pid, exceptions, ids);
      case PINO_JSON:
        return new PinoLineEncoder(host, pid, exceptions, ids);
      case PATTERN:
        return new PatternLineEncoder(zone, exceptions, ids);
      case PYTHON:
        return new PythonLineEncoder(host, zone, exceptions, ids);
      case SPRING_BOOT:
        return new SpringBootLineEncoder(host, zone, pid, false, exceptions, ids);
      case SPRING_BOOT_2:
        return new SpringBootLineEncoder(host, zone, pid, true, exceptions, ids);
      case LOGFMT:
        return new LogfmtLineEncoder(zone, exceptions, ids);
      default:
        throw new IllegalStateException("unhandled format " + format);
    }
  }
}
