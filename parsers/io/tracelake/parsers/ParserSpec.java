package io.tracelake.parsers;

import java.io.Serializable;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * How a source's lines are to be parsed, as its config says: the format and its settings. Plain values
 * only, so that it travels to Spark executors and every parser is built there from it.
 *
 * @param format a name of {@link LineParsers#formats()}
 * @param pattern the layout, grok expression or regular expression, for the formats that take one
 * @param fields field names per role (timestamp, level, message, logger, thread, trace_id, span_id,
 *     parent_span_id, request_id, service, instance, ...), overriding the format's defaults
 * @param timestampFormat a date pattern for timestamps that are neither ISO-8601 nor epoch numbers
 * @param envelope null, or the container envelope around each line: {@code docker} or {@code cri}
 * @param requestIdPatterns regular expressions with one group that find a trace or request id in a message
 * @param spanIdPatterns regular expressions with one group that find the span id in a message
 * @param parentSpanIdPatterns regular expressions with one group that find the parent span id in a message
 * @param spans what the config declares about the spans of the source's events (kind, peer, boundaries), or null
 * @param multiline fold lines that are not entries into the entry before them; null for the format's default
 * @param zone zone of timestamps written without an offset
 */
public record ParserSpec(
    String format,
    String pattern,
    Map<String, List<String>> fields,
    String timestampFormat,
    String envelope,
    List<String> requestIdPatterns,
    List<String> spanIdPatterns,
    List<String> parentSpanIdPatterns,
    SpanDeclarations spans,
    Boolean multiline,
    ZoneId zone) implements Serializable {

  private static final long serialVersionUID = 2L;

  public ParserSpec {
    fields = fields == null ? Map.of() : Map.copyOf(fields);
    requestIdPatterns = requestIdPatterns == null ? List.of() : List.copyOf(requestIdPatterns);
    spanIdPatterns = spanIdPatterns == null ? List.of() : List.copyOf(spanIdPatterns);
    parentSpanIdPatterns = parentSpanIdPatterns == null ? List.of() : List.copyOf(parentSpanIdPatterns);
  }

  /** A spec without span or parent id patterns or span declarations. */
  public ParserSpec(String format, String pattern, Map<String, List<String>> fields, String timestampFormat,
      String envelope, List<String> requestIdPatterns, Boolean multiline, ZoneId zone) {
    this(format, pattern, fields, timestampFormat, envelope, requestIdPatterns, List.of(), List.of(), null, multiline,
        zone);
  }

  /** The field names configured for a role, or null when the format's default applies. */
  public List<String> fieldsFor(String role) {
    return fields.get(role);
  }

  /** The one field configured for a role, or null. */
  public String fieldFor(String role) {
    List<String> names = fields.get(role);
    return names == null || names.isEmpty() ? null : names.get(0);
  }
}
