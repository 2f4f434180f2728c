package io.tracelake.parsers.text;

import io.tracelake.model.regex.BoundedRegex;
import io.tracelake.model.LogEvent;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.time.DatePattern;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Parses lines with a regex whose named groups are the fields
 * ({@code ^(?<timestamp>\S+) (?<level>\w+) (?<message>.*)$}); names may hold any character but '>'
 * ({@code (?<trace_id>...)}) and Python's {@code (?P<name>...)} works too. Captures fill the event by
 * a {@link FieldMapping}; the others become attributes.
 */
public final class RegexParser implements LineParser {
  private final RegexLineReader reader;

  private RegexParser(RegexLineReader reader) {
    this.reader = reader;
  }

  /**
   * Compiles a named-group regex.
   *
   * @param datePattern how timestamp captures are written, or null for ISO-8601, epoch numbers and
   *     the usual log forms
   * @throws IllegalArgumentException with a one-line message naming the regex and the position of
   *     what does not compile, or when it has no named group
   */
  public static TextFormat compile(String regex, FieldMapping mapping, String datePattern) {
    if (regex == null || regex.isEmpty()) {
      throw new IllegalArgumentException("regex is empty");
    }
    NamedGroups groups = NamedGroups.rewrite(regex);
    BoundedRegex pattern;
    try {
      pattern = BoundedRegex.compile(groups.regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("regex '" + regex + "' does not compile: " + e.getDescription()
          + " at position " + (groups.sourceIndex(e.getIndex()) + 1));
    }
    if (groups.names.stream().noneMatch(n -> n != null)) {
      throw new IllegalArgumentException("regex '" + regex + "' has no named group; name the fields, as in "
          + "(?<timestamp>\\S+)");
    }
    if (datePattern != null) {
      DatePattern.compile(datePattern);
    }
    String description = "regex '" + EventFields.abbreviate(regex) + "'";
    return context -> new RegexParser(new RegexLineReader(pattern, groups.names, Map.of(), mapping,
        new TimestampText(datePattern, context), description));
  }

  /** A named-group regex with the default mapping and timestamps. */
  public static TextFormat compile(String regex) {
    return compile(regex, FieldMapping.defaults(), null);
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len) throws LineRejectedException {
    return reader.parse(line, off, len, Long.MIN_VALUE);
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len, long fallbackTimeUs) throws LineRejectedException {
    return reader.parse(line, off, len, fallbackTimeUs);
  }
}
