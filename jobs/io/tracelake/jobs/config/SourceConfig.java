package io.tracelake.jobs.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One log source: a set of files read with one format, e.g. every instance's JSON log of a fleet.
 *
 * @param paths Hadoop paths or globs; {@code {date}} stands for the day processed (YYYY-MM-DD) and
 *     {@code {date:PATTERN}} for it in a java.time pattern, e.g. {@code {date:yyyy/MM/dd}}
 * @param pattern the layout (format {@code pattern}), grok expression ({@code grok}) or regular
 *     expression ({@code regex})
 * @param fields source field names per role, overriding the format's defaults
 * @param timestampFormat date pattern of timestamps that are neither ISO-8601 nor epoch numbers
 * @param envelope {@code docker} or {@code cri} when a container runtime wrapped each line
 * @param requestIdPatterns regular expressions with one group finding a trace or request id in messages
 * @param spanIdPatterns regular expressions with one group finding the span id in messages
 * @param parentSpanIdPatterns regular expressions with one group finding the parent span id in messages
 * @param spans the span kind, peer service and span boundaries of the source's events, when its lines
 *     do not carry them
 * @param multiline fold non-entry lines into the entry before (default: on for text formats)
 * @param timezone zone of timestamps that carry no offset (default UTC)
 * @param optional a day without a file of this source is a warning in the run report, not an input error
 * @param redaction this source's {@code redaction} block ({@code off} or settings merged over the top-level one),
 *     as read; {@link TracelakeConfig#redactionFor} has the validated result
 */
public record SourceConfig(
    @JsonProperty("name") String name,
    @JsonProperty("format") String format,
    @JsonProperty("paths") List<String> paths,
    @JsonProperty("service") NameSource service,
    @JsonProperty("instance") NameSource instance,
    @JsonProperty("pattern") String pattern,
    @JsonProperty("fields") Map<String, List<String>> fields,
    @JsonProperty("timestamp_format") String timestampFormat,
    @JsonProperty("envelope") String envelope,
    @JsonProperty("request_id_patterns") List<String> requestIdPatterns,
    @JsonProperty("multiline") Boolean multiline,
    @JsonProperty("timezone") String timezone,
    @JsonProperty("span_id_patterns") List<String> spanIdPatterns,
    @JsonProperty("parent_span_id_patterns") List<String> parentSpanIdPatterns,
    @JsonProperty("spans") SpanConfig spans,
    @JsonProperty("optional") Boolean optional,
    @JsonProperty("redaction") com.fasterxml.jackson.databind.JsonNode redaction) {

  /** A source without a redaction block of its own (the top-level one applies). */
  public SourceConfig(String name, String format, List<String> paths, NameSource service, NameSource instance,
      String pattern, Map<String, List<String>> fields, String timestampFormat, String envelope,
      List<String> requestIdPatterns, Boolean multiline, String timezone, List<String> spanIdPatterns,
      List<String> parentSpanIdPatterns, SpanConfig spans, Boolean optional) {
    this(name, format, paths, service, instance, pattern, fields, timestampFormat, envelope, requestIdPatterns,
        multiline, timezone, spanIdPatterns, parentSpanIdPatterns, spans, optional, null);
  }

  /** The same source reading other paths (the loader resolves relative ones). */
  SourceConfig withPaths(List<String> resolved) {
    return new SourceConfig(name, format, resolved, service, instance, pattern, fields, timestampFormat, envelope,
        requestIdPatterns, multiline, timezone, spanIdPatterns, parentSpanIdPatterns, spans, optional, redaction);
  }

  public boolean isOptional() {
    return Boolean.TRUE.equals(optional);
  }
}
