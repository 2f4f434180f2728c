package io.tracelake.simulator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The {@code tracelake.yaml} written next to the generated logs, so that they can be processed as they
 * are: one source for the whole shop when every service writes logstash JSON, else one source per
 * service and format (the application log, and the access log where there is one). Silent services get
 * no source, access-log-only ones only their access log's. With request ids only, each source maps the
 * field its format keeps the request id in, where the format reads fields by name; pattern layouts name
 * it in their MDC, Spring Boot lines carry it where Sleuth's trace id goes, and OpenTelemetry records
 * carry it in an {@code http.request.header.x-request-id} attribute, which tracelake reads as a request
 * id header.
 */
final class ConfigFile {
  static final String FILE_NAME = "tracelake.yaml";

  private static final String HEADER = "# Written by `tracelake generate`; paths are relative to this file.\n"
      + "warehouse: warehouse\n"
      + "sources:\n";
  /** The instance is the file's name: logs/<date>/<service>/[access/]<instance>.log[.gz|...]. */
  private static final String INSTANCE_FROM_PATH = "{path: '/([^/]+)\\.log[^/]*$'}";
  /** The same, for a service whose entries sent twice are also in <instance>-resent.log[...]. */
  private static final String INSTANCE_FROM_PATH_OR_RESENT =
      "{path: '/([^/]+?)(" + LogFiles.RESENT_SUFFIX + ")?\\.log[^/]*$'}";

  private ConfigFile() {}

  // *.log* and not the exact suffix: the config stays right when the logs are compressed later
  static String content() {
    return HEADER
        + "  - name: shop\n"
        + "    format: logstash-json\n"
        + "    paths:\n"
        + "      - \"logs/{date}/*/*.log*\"\n"
        + "    service: {field: app_name}\n"
        + "    instance: {field: HOSTNAME}\n";
  }

  /**
   * @param zones the zone of each service whose format writes times without an offset
   */
  static String content(GeneratorOptions options, Map<String, ZoneOffset> zones) {
    Scenario scenario = options.scenario();
    boolean allDefault = ShopTopology.SERVICES.stream()
        .allMatch(service -> options.formatOf(service).equals(ServiceFormat.DEFAULT))
        && scenario.accessLogOnly().isEmpty();
    if (allDefault) {
      // silent services leave no files for the shop's glob to match
      // the worker's lines, when there is one, carry only the request id
      return content() + requestIdField(AppLogFormat.LOGSTASH_JSON,
          scenario.afterResponse() > 0 ? IdMode.REQUEST : scenario.ids());
    }
    StringBuilder yaml = new StringBuilder(HEADER);
    for (String service : ShopTopology.services(scenario)) {
      ServiceFormat format = options.formatOf(service);
      Scenario.Logging logging = scenario.loggingOf(service);
      if (logging == Scenario.Logging.ALL) {
        appendAppSource(yaml, service, format, options, zones);
      }
      AccessLogFormat access = InstanceLogs.accessLogOf(format, logging);
      if (access != null) {
        yaml.append("  - name: ").append(service).append("-access\n")
            .append("    format: ").append(access.configName()).append('\n')
            .append("    paths:\n")
            .append("      - \"logs/{date}/").append(service).append('/').append(InstanceLogs.ACCESS_DIRECTORY)
            .append("/*.log*\"\n")
            .append("    service: {value: ").append(service).append("}\n")
            .append("    instance: ").append(INSTANCE_FROM_PATH).append('\n');
      }
    }
    return yaml.toString();
  }

  private static void appendAppSource(StringBuilder yaml, String service, ServiceFormat format,
      GeneratorOptions options, Map<String, ZoneOffset> zones) {
    IdMode ids = options.scenario().idsOf(service);
    AppLogFormat app = format.format();
    yaml.append("  - name: ").append(service).append('\n')
        .append("    format: ").append(app.configName()).append('\n');
    if (format.envelope() != Envelope.NONE) {
      yaml.append("    envelope: ").append(format.envelope().configName()).append('\n');
    }
    if (app == AppLogFormat.PATTERN) {
      yaml.append("    pattern: ").append(quoted(PatternLineEncoder.layout(ids))).append('\n');
    } else if (app == AppLogFormat.PYTHON) {
      yaml.append("    pattern: ").append(quoted(PythonLineEncoder.layout(service, ids))).append('\n');
    }
    yaml.append("    paths:\n")
        .append("      - \"logs/{date}/").append(service).append("/*.log*\"\n");
    if (app == AppLogFormat.LOGSTASH_JSON) {
      yaml.append("    service: {field: app_name}\n")
          .append("    instance: {field: HOSTNAME}\n");
    } else {
      yaml.append("    service: {value: ").append(service).append("}\n")
          .append("    instance: ")
          .append(options.scenario().duplicates() > 0 ? INSTANCE_FROM_PATH_OR_RESENT : INSTANCE_FROM_PATH)
          .append('\n');
    }
    yaml.append(requestIdField(app, ids));
    if (!app.zoned()) {
      yaml.append("    timezone: ").append(zoneName(zones.get(service))).append('\n');
    }
  }

  /** The {@code fields} entry naming where {@code format} keeps the request id; empty unless ids are request ids. */
  private static String requestIdField(AppLogFormat format, IdMode ids) {
    if (ids != IdMode.REQUEST) {
      return "";
    }
    String field;
    switch (format) {
      case LOGSTASH_JSON:
        field = "requestId";
        break;
      case ECS_JSON:
        field = "http.request.id";
        break;
      case BUNYAN_JSON:
        field = "req_id";
        break;
      case PINO_JSON:
        field = "reqId";
        break;
      case LOGFMT:
        field = "request_id";
        break;
      default:
        // named in the layout, or in a place the format's parser knows
        return "";
    }
    return "    fields:\n      request_id: [" + field + "]\n";
  }

  static Path write(Path directory, GeneratorOptions options, Map<String, ZoneOffset> zones) throws IOException {
    Path file = directory.resolve(FILE_NAME);
    Files.writeString(file, content(options, zones), StandardCharsets.UTF_8);
    return file;
  }

  /** UTC, or the offset quoted: YAML 1.1 would read a bare +01:00 as a number of minutes. */
  private static String zoneName(ZoneOffset zone) {
    return zone.equals(ZoneOffset.UTC) ? "UTC" : "\"" + zone.getId() + "\"";
  }

  private static String quoted(String text) {
    return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
