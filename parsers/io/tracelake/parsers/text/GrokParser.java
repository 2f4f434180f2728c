package io.tracelake.parsers.text;

import io.tracelake.model.regex.BoundedRegex;
import io.tracelake.model.LogEvent;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.text.time.DatePattern;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Parses lines with a Logstash grok expression
 * ({@code %{TIMESTAMP_ISO8601:timestamp} %{LOGLEVEL:level} \[%{DATA:thread}\] %{GREEDYDATA:message}}),
 * compiled to a {@code java.util.regex} with the standard pattern library and the caller's own
 * patterns. Captures fill the event by a {@link FieldMapping}; the others become attributes.
 */
public final class GrokParser implements LineParser {
  private final RegexLineReader reader;

  private GrokParser(RegexLineReader reader) {
    this.reader = reader;
  }

  /**
   * Compiles a grok expression.
   *
   * @param extraPatterns the caller's own patterns by name (may refer to each other and to the
   *     library; they win over library patterns of the same name); may be null
   * @param mapping which captures fill which event fields
   * @param datePattern how timestamp captures are written, or null for ISO-8601, epoch numbers and
   *     the usual log forms (HTTPDATE, SYSLOGTIMESTAMP, ...)
   * @throws IllegalArgumentException with a one-line message naming the expression, the pattern and
   *     the position, for an unknown pattern, a cycle, a bad type or an invalid regex
   */
  public static TextFormat compile(String expression, Map<String, String> extraPatterns, FieldMapping mapping,
      String datePattern) {
    if (expression == null || expression.isBlank()) {
      throw new IllegalArgumentException("grok expression is empty");
    }
    GrokCompiler compiler = new GrokCompiler(expression, extraPatterns);
    NamedGroups groups = NamedGroups.rewrite(compiler.expand());
    BoundedRegex pattern;
    try {
      pattern = BoundedRegex.compile(groups.regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("grok expression '" + expression + "' is not a valid regex once expanded: "
          + e.getDescription());
    }
    if (groups.names.stream().noneMatch(n -> n != null)) {
      throw new IllegalArgumentException("grok expression '" + expression
          + "' captures nothing; name the fields, as in %{TIMESTAMP_ISO8601:timestamp}");
    }
    if (datePattern != null) {
      DatePattern.compile(datePattern);
    }
    String description = "grok expression '" + EventFields.abbreviate(expression) + "'";
    return context -> new GrokParser(new RegexLineReader(pattern, groups.names, compiler.types, mapping,
        new TimestampText(datePattern, context), description));
  }

  /** A grok expression with the default mapping and timestamps, and no extra patterns. */
  public static TextFormat compile(String expression) {
    return compile(expression, Map.of(), FieldMapping.defaults(), null);
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
