package io.tracelake.jobs.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import java.util.List;
import java.util.Map;

/** What a config value should look like, by where it is, for the errors of a value of the wrong shape. */
final class ValueHints {

  private static final String PATTERNS = "must be a list of regular expressions with one capture group around the "
      + "id, e.g. ['req-([0-9a-f-]{36})']";
  private static final String NAME_SOURCE = "must be one of {field: F}, {value: V} or {path: REGEX}";
  private static final String SPAN_RULE = "must be one of {value: V}, {field: F} or {pattern: REGEX}";

  private static final Map<String, String> BY_KEY = Map.ofEntries(
      Map.entry("sources", "must be a list of sources, e.g. [{name: web, format: logstash-json, paths: [/logs/*.log]}]"),
      Map.entry("paths", "must be a list of paths or globs, e.g. [/var/log/app/{date}/*.log]"),
      Map.entry("request_id_patterns", PATTERNS),
      Map.entry("span_id_patterns", PATTERNS),
      Map.entry("parent_span_id_patterns", PATTERNS),
      Map.entry("service", NAME_SOURCE),
      Map.entry("instance", NAME_SOURCE),
      Map.entry("fields", "must be a map from role to field names, e.g. {level: [severity], trace_id: [traceId]}"),
      Map.entry("spans", "must be a map with kind, peer_service, start or end, e.g. {kind: {value: SERVER}}"),
      Map.entry("kind", SPAN_RULE),
      Map.entry("peer_service", SPAN_RULE),
      Map.entry("start", "must be {pattern: REGEX} or {field: F, value: V}"),
      Map.entry("end", "must be {pattern: REGEX} or {field: F, value: V}"),
      Map.entry("multiline", "must be true or false"),
      Map.entry("rules", "must be a list of {pattern: REGEX, replacement: TEXT}"),
      Map.entry("spark", "must be a map of Spark settings, e.g. {spark.sql.shuffle.partitions: 8}"),
      Map.entry("columns", "must be a map from table to column names, e.g. {events: [message, attributes]}"),
      Map.entry("hadoop", "must be a map of Hadoop settings, e.g. {hadoop.security.key.provider.path: "
          + "'jceks://file/etc/tracelake/keys.jceks'}"),
      Map.entry("encryption", "must be a map, e.g. {footer_key: tl-footer, column_key: tl-columns, kms_instance_url: "
          + "'jceks://file/etc/tracelake/keys.jceks'}"),
      Map.entry("output", "must be a map, e.g. {umask: \"077\"}"));

  private ValueHints() {}

  /** The hint for the value at {@code path}, or null when there is none. */
  static String forPath(List<JsonMappingException.Reference> path) {
    if (path.isEmpty()) {
      return null;
    }
    String last = path.get(path.size() - 1).getFieldName();
    String parent = path.size() > 1 ? path.get(path.size() - 2).getFieldName() : null;
    if (last == null) {
      // an element of a list: the hint of the list
      return parent == null ? null : BY_KEY.get(parent);
    }
    if ("fields".equals(parent)) {
      return "must be a list of field names, e.g. [severity, level]";
    }
    if ("evidence".equals(parent)) {
      return "must be a list of regular expressions with named groups (see SCHEMA.md)";
    }
    return BY_KEY.get(last);
  }
}
