package io.tracelake.parsers;

import io.tracelake.model.LogEvent;
import io.tracelake.model.regex.BoundedRegex;
import io.tracelake.model.SpanKind;
import io.tracelake.model.trace.SpanMarkers;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.PatternSyntaxException;

/**
 * What a source's config declares about the spans of its events, for logs that do not say it themselves:
 * the span kind, the peer service of client and producer spans, and which lines start and end a span.
 * Each becomes the event attribute the rebuild reads ({@link SpanMarkers}: {@code span_kind},
 * {@code peer_service}, {@code span_event} = {@code start}/{@code end}, and {@code span_name} from a start
 * pattern's {@code (?<name>...)} group); an attribute the line logged itself wins. Any rule may be null.
 */
public record SpanDeclarations(AttributeRule kind, AttributeRule peerService, AttributeRule start, AttributeRule end)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * The step that adds the declared attributes to an event; compiles the patterns.
   *
   * @throws IllegalArgumentException naming the rule ({@code spans.kind}, ...) and what is wrong with it
   */
  public UnaryOperator<LogEvent> annotator() {
    Value kindValue = value("spans.kind", kind);
    if (kind != null && kind.value() != null) {
      checkKind(kind.value());
    }
    Value peerValue = value("spans.peer_service", peerService);
    Marker startMarker = marker("spans.start", start);
    Marker endMarker = marker("spans.end", end);
    return event -> {
      Map<String, String> added = null;
      if (kindValue != null && event.attribute(SpanMarkers.SPAN_KIND) == null) {
        String found = kindValue.of(event);
        if (found != null) {
          added = put(added, event, SpanMarkers.SPAN_KIND, found.toUpperCase(Locale.ROOT));
        }
      }
      if (peerValue != null && event.attribute(SpanMarkers.PEER_SERVICE) == null) {
        String found = peerValue.of(event);
        if (found != null) {
          added = put(added, event, SpanMarkers.PEER_SERVICE, found);
        }
      }
      if (event.attribute(SpanMarkers.SPAN_EVENT) == null) {
        if (startMarker != null && startMarker.holds(event)) {
          added = put(added, event, SpanMarkers.SPAN_EVENT, SpanMarkers.START);
          String name = startMarker.name(event);
          if (name != null && event.attribute(SpanMarkers.SPAN_NAME) == null) {
            added.put(SpanMarkers.SPAN_NAME, name);
          }
        } else if (endMarker != null && endMarker.holds(event)) {
          added = put(added, event, SpanMarkers.SPAN_EVENT, SpanMarkers.END);
        }
      }
      return added == null ? event : event.toBuilder().attributes(added).build();
    };
  }

  private static Map<String, String> put(Map<String, String> added, LogEvent event, String name, String value) {
    Map<String, String> attributes = added != null ? added : new LinkedHashMap<>(event.attributes());
    attributes.put(name, value);
    return attributes;
  }

  private static void checkKind(String value) {
    for (SpanKind known : SpanKind.values()) {
      if (known.name().equalsIgnoreCase(value)) {
        return;
      }
    }
    throw new IllegalArgumentException("spans.kind value '" + value + "' is not a span kind; use one of "
        + String.join(", ", Arrays.stream(SpanKind.values()).map(Enum::name).toList()));
  }

  /** A value rule: fixed, an attribute, or a pattern's value or first group. */
  private record Value(String fixed, String field, BoundedRegex pattern) {
    String of(LogEvent event) {
      if (pattern != null) {
        BoundedRegex.BoundedMatcher m = event.message() == null ? null : pattern.matcher(event.message());
        if (m == null || !m.find()) {
          return null;
        }
        return fixed != null ? fixed : m.group(1);
      }
      return field != null ? event.attribute(field) : fixed;
    }
  }

  private static Value value(String where, AttributeRule rule) {
    if (rule == null) {
      return null;
    }
    int set = (rule.field() != null ? 1 : 0) + (rule.pattern() != null ? 1 : 0);
    if (set > 1 || (set == 0 && rule.value() == null) || (rule.field() != null && rule.value() != null)) {
      throw new IllegalArgumentException(where + " needs one of {value: V}, {field: F}, {pattern: REGEX} or "
          + "{pattern: REGEX, value: V}");
    }
    BoundedRegex pattern = compile(where, rule.pattern());
    if (pattern != null && rule.value() == null && pattern.groupCount() < 1) {
      throw new IllegalArgumentException(where + ": pattern '" + rule.pattern()
          + "' needs a capture group around the value, or a 'value' to use when it matches");
    }
    return new Value(rule.value(), rule.field(), pattern);
  }

  /** A marker rule: a message pattern, or an attribute (with a value). */
  private record Marker(String field, String value, BoundedRegex pattern) {
    boolean holds(LogEvent event) {
      if (pattern != null) {
        return event.message() != null && pattern.matcher(event.message()).find();
      }
      String found = event.attribute(field);
      return found != null && (value == null || value.equals(found));
    }

    String name(LogEvent event) {
      if (pattern == null || !pattern.pattern().contains("(?<name>")) {
        return null;
      }
      BoundedRegex.BoundedMatcher m = pattern.matcher(event.message());
      return m.find() ? m.group("name") : null;
    }
  }

  private static Marker marker(String where, AttributeRule rule) {
    if (rule == null) {
      return null;
    }
    if ((rule.field() == null) == (rule.pattern() == null) || (rule.pattern() != null && rule.value() != null)) {
      throw new IllegalArgumentException(where + " needs one of {pattern: REGEX} or {field: F} (with 'value: V' "
          + "to match a value)");
    }
    return new Marker(rule.field(), rule.value(), compile(where, rule.pattern()));
  }

  private static BoundedRegex compile(String where, String regex) {
    if (regex == null) {
      return null;
    }
    try {
      return BoundedRegex.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(where + ": pattern '" + regex + "' does not compile: " + e.getDescription());
    }
  }
}
