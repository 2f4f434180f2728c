package io.tracelake.jobs.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.tracelake.parsers.AttributeRule;
import io.tracelake.parsers.SpanDeclarations;

/**
 * A source's {@code spans:} block: the span kind, peer service and span boundaries of its events, for logs
 * that do not say them (see {@link SpanDeclarations}). Each is {@code {value: V}}, {@code {field: F}} or
 * {@code {pattern: REGEX}} (with {@code value} to use when it matches).
 */
public record SpanConfig(
    @JsonProperty("kind") Rule kind,
    @JsonProperty("peer_service") Rule peerService,
    @JsonProperty("start") Rule start,
    @JsonProperty("end") Rule end) {

  /** One rule as written in the config. */
  public record Rule(@JsonProperty("value") String value, @JsonProperty("field") String field,
      @JsonProperty("pattern") String pattern) {
    AttributeRule toRule() {
      return new AttributeRule(value, field, pattern);
    }
  }

  SpanDeclarations declarations() {
    return new SpanDeclarations(rule(kind), rule(peerService), rule(start), rule(end));
  }

  private static AttributeRule rule(Rule rule) {
    return rule == null ? null : rule.toRule();
  }
}
