package io.tracelake.parsers.text;

import io.tracelake.parsers.FieldRole;
import io.tracelake.parsers.text.LayoutField.Kind;
import io.tracelake.parsers.text.time.DatePattern;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Compiles a Logback or Log4j2 PatternLayout string into a {@link LayoutProgram}. Placeholders
 * ({@code ${NAME:-default}}) resolve to their default; wrappers that only colour or decorate keep
 * their inner pattern; everything after the first {@code %n} is left to the following lines.
 */
final class PatternLayoutCompiler {
  /** Conversions whose output is their inner pattern, coloured or decorated. */
  private static final Set<String> WRAPPERS = Set.of("", "clr", "highlight", "black", "red", "green", "yellow",
      "blue", "magenta", "cyan", "white", "gray", "boldRed", "boldGreen", "boldYellow", "boldBlue", "boldMagenta",
      "boldCyan", "boldWhite", "style", "replace", "maxLen", "maxLength", "notEmpty", "varsNotEmpty",
      "variablesNotEmpty", "encode", "enc", "equals", "equalsIgnoreCase", "trim");
  private static final Set<String> COLOURS = Set.of("clr", "highlight", "black", "red", "green", "yellow", "blue",
      "magenta", "cyan", "white", "gray", "boldRed", "boldGreen", "boldYellow", "boldBlue", "boldMagenta",
      "boldCyan", "boldWhite", "style");
  /** Exception conversions: the stack trace comes on the following lines, the first line has nothing. */
  private static final Set<String> EXCEPTIONS = Set.of("ex", "exception", "throwable", "xEx", "xException",
      "xThrowable", "rEx", "rootException", "rThrowable", "wEx", "wex", "nopex", "nopexception", "xwEx");
  private static final Set<String> LOOKUP_PREFIXES = Set.of("sys", "env", "ctx", "main", "spring", "map",
      "bundle", "log4j", "jvmrunargs", "web", "docker", "k8s");
  /** Stands for Spring's LOG_DATEFORMAT_PATTERN, whose value the layout does not say. */
  private static final String ANY_ISO_DATE = "\u0000iso";

  private final String layout;
  private final List<Object> parts = new ArrayList<>();
  private final StringBuilder literal = new StringBuilder();
  private boolean ended;
  private boolean coloured;

  private PatternLayoutCompiler(String layout) {
    this.layout = layout;
  }

  /** @throws IllegalArgumentException naming the layout and the column of what does not compile */
  static LayoutProgram compile(String layout) {
    if (layout == null || layout.isBlank()) {
      throw new IllegalArgumentException("pattern layout is empty");
    }
    PatternLayoutCompiler compiler = new PatternLayoutCompiler(layout);
    compiler.parse(layout, 0, 0, (char) 0);
    compiler.flushLiteral();
    return compiler.program();
  }

  private LayoutProgram program() {
    String leading = "";
    List<LayoutField> fields = new ArrayList<>();
    List<String> separators = new ArrayList<>();
    for (Object part : parts) {
      if (part instanceof LayoutField field) {
        fields.add(field);
        separators.add("");
      } else if (fields.isEmpty()) {
        leading = (String) part;
      } else {
        separators.set(separators.size() - 1, (String) part);
      }
    }
    if (fields.stream().noneMatch(f -> f.kind == Kind.DATE)) {
      throw error("has no date (%d), so its lines have no time", -1);
    }
    return new LayoutProgram(layout, leading, fields, separators, coloured);
  }

  private IllegalArgumentException error(String what, int column) {
    return new IllegalArgumentException("pattern layout '" + layout + "' " + what
        + (column >= 0 ? " at column " + (column + 1) : ""));
  }

  /** Parses {@code text} from {@code pos} to the {@code close} character (or the end); returns its index. */
  private int parse(String text, int base, int pos, char close) {
    int n = text.length();
    while (pos < n) {
      char c = text.charAt(pos);
      if (close != 0 && c == close) {
        return pos;
      }
      if (c == '\\' && pos + 1 < n) {
        char escaped = text.charAt(pos + 1);
        if (escaped == 'n') {
          ended = true;
        } else {
          literal(escaped == 't' ? '\t' : escaped);
        }
        pos += 2;
      } else if (c == '$' && pos + 1 < n && text.charAt(pos + 1) == '{') {
        pos = placeholder(text, base, pos);
      } else if (c == '%') {
        pos = conversion(text, base, pos);
      } else {
        literal(c);
        pos++;
      }
    }
    if (close != 0) {
      throw error("has no '" + close + "' to close what opens", base + Math.max(0, pos - 1));
    }
    return pos;
  }

  private void literal(char c) {
    if (!ended) {
      literal.append(c);
    }
  }

  private void flushLiteral() {
    if (literal.length() > 0) {
      parts.add(literal.toString());
      literal.setLength(0);
    }
  }

  private void add(LayoutField field, int column) {
    if (ended) {
      return;
    }
    flushLiteral();
    if (!parts.isEmpty() && parts.get(parts.size() - 1) instanceof LayoutField previous
        && !previous.delimitsItself() && !field.delimitsItself()) {
      throw error("has " + previous.source + " and " + field.source
          + " with nothing between them to tell where one ends", column);
    }
    parts.add(field);
  }

  private int placeholder(String text, int base, int pos) {
    int close = matching(text, base, pos + 1, '{', '}');
    String body = text.substring(pos + 2, close);
    int defaultAt = topLevelIndexOf(body, ":-");
    String name = defaultAt >= 0 ? body.substring(0, defaultAt) : body;
    int colon = name.indexOf(':');
    String lookup = colon > 0 ? name.substring(0, colon) : "";
    if (colon > 0 && LOOKUP_PREFIXES.contains(lookup)) {
      name = name.substring(colon + 1);
    } else if (colon > 0) {
      name = name.substring(0, colon); // Spring's ${name:default}
    }
    String source = text.substring(pos, close + 1);
    int column = base + pos;
    // names whose value the application sets when it runs: the line has the value, not the default
    switch (FieldMapping.canonical(name)) {
      case "pid" -> add(attribute("pid", source), column);
      case "hostname", "host", "computername" ->
          add(new LayoutField(Kind.INSTANCE, null, null, 0, false, 0, null, source), column);
      case "springappname", "springapplicationname", "appname", "applicationname", "springzipkinservicename",
          "servicename" -> add(new LayoutField(Kind.SERVICE, null, null, 0, false, 0, null, source), column);
      default -> {
        if (defaultAt >= 0) {
          parse(body, base + pos + 2, defaultAt + 2, (char) 0); // the default is pattern text
        } else if (lookup.equals("ctx")) {
          add(mdc(name, source), column);
        } else {
          switch (FieldMapping.canonical(name)) {
            case "loglevelpattern" -> parse("%5p", column, 0, (char) 0);
            case "logexceptionconversionword" -> { }
            case "logcorrelationpattern" ->
                add(new LayoutField(Kind.CORRELATION, null, null, 0, false, 0, null, source), column);
            default -> add(attribute(name, source), column);
          }
        }
      }
    }
    return close + 1;
  }

  private int conversion(String text, int base, int pos) {
    int start = pos;
    int n = text.length();
    pos++;
    if (pos < n && text.charAt(pos) == '%') {
      literal('%');
      return pos + 1;
    }
    boolean left = false;
    int min = 0;
    int max = 0;
    if (pos < n && text.charAt(pos) == '-') {
      left = true;
      pos++;
    }
    while (pos < n && Character.isDigit(text.charAt(pos))) {
      min = min * 10 + (text.charAt(pos++) - '0');
    }
    if (pos < n && text.charAt(pos) == '.') {
      pos++;
      if (pos < n && text.charAt(pos) == '-') {
        pos++;
      }
      while (pos < n && Character.isDigit(text.charAt(pos))) {
        max = max * 10 + (text.charAt(pos++) - '0');
      }
    }
    int wordStart = pos;
    while (pos < n && Character.isLetter(text.charAt(pos))) {
      pos++;
    }
    String word = text.substring(wordStart, pos);
    int column = base + start;
    boolean wrapper = WRAPPERS.contains(word);
    coloured |= COLOURS.contains(word);
    if (pos < n && text.charAt(pos) == '(') {
      if (wrapper || !word.equals("esb")) {
        pos = parse(text, base, pos + 1, ')') + 1;
      } else {
        pos = matching(text, base, pos, '(', ')') + 1;
      }
    } else if (wrapper && !word.isEmpty() && pos < n && text.charAt(pos) == '{') {
      pos = parse(text, base, pos + 1, '}') + 1; // Log4j2 wrappers: %highlight{%-5level}{...}
    } else if (word.isEmpty()) {
      literal('%');
      return wordStart;
    }
    List<String> options = new ArrayList<>();
    while (pos < n && text.charAt(pos) == '{') {
      int close = matching(text, base, pos, '{', '}');
      options.add(text.substring(pos + 1, close));
      pos = close + 1;
    }
    if (wrapper) {
      return pos;
    }
    String source = text.substring(start, pos);
    String option = options.isEmpty() ? null : options.get(0);
    switch (word) {
      case "d", "date" -> add(new LayoutField(Kind.DATE, null, null, min, left, max, date(options, column), source),
          column);
      case "p", "le", "level" -> add(new LayoutField(Kind.LEVEL, null, null, min, left, max, null, source), column);
      case "t", "thread", "tn", "threadName" -> add(new LayoutField(Kind.THREAD, null, null, min, left, max, null,
          source), column);
      case "c", "lo", "logger" -> add(new LayoutField(Kind.LOGGER, null, null, min, left, max, null, source), column);
      case "m", "msg", "message" -> add(new LayoutField(Kind.MESSAGE, null, null, min, left, max, null, source),
          column);
      case "n" -> ended = true;
      case "X", "mdc", "MDC", "K", "map", "MAP" -> add(option == null || option.isBlank()
          ? new LayoutField(Kind.MDC_ALL, null, null, min, left, max, null, source)
          : mdc(option, source), column);
      case "C", "class" -> add(attribute("class", source), column);
      case "M", "method" -> add(attribute("method", source), column);
      case "L", "line" -> add(attribute("line", source), column);
      case "F", "file" -> add(attribute("file", source), column);
      case "r", "relative" -> add(attribute("relative", source), column);
      case "pid", "processId" -> add(attribute("pid", source), column);
      case "marker", "markerSimpleName" -> add(attribute("marker", source), column);
      case "cn", "contextName" -> add(attribute("contextName", source), column);
      case "sn", "sequenceNumber", "lsn" -> add(attribute("sequenceNumber", source), column);
      case "tid", "threadId" -> add(attribute("threadId", source), column);
      case "property" -> add(option != null && FieldMapping.canonical(option).equals("hostname")
          ? new LayoutField(Kind.INSTANCE, null, null, min, left, max, null, source)
          : attribute(option == null ? "property" : option.trim(), source), column);
      case "applicationName" -> add(new LayoutField(Kind.OPTIONAL_BRACKETS, null, null, 0, false, 0, null, source),
          column);
      case "esb" -> add(new LayoutField(Kind.OPTIONAL_BRACKETS, "APPLICATION_NAME".equals(option) ? null
          : option == null ? "esb" : option, null, 0, false, 0, null, source), column);
      case "correlationId" -> add(new LayoutField(Kind.CORRELATION, null, null, 0, false, 0, null, source), column);
      default -> {
        if (EXCEPTIONS.contains(word)) {
          return pos;
        }
        add(new LayoutField(Kind.ATTRIBUTE, word, null, min, left, max, null, source), column);
      }
    }
    return pos;
  }

  private static LayoutField attribute(String name, String source) {
    return new LayoutField(Kind.ATTRIBUTE, name, null, 0, false, 0, null, source);
  }

  private static LayoutField mdc(String option, String source) {
    String key = option;
    int defaultAt = key.indexOf(":-");
    if (defaultAt >= 0) {
      key = key.substring(0, defaultAt);
    }
    key = key.trim();
    FieldRole role = switch (FieldMapping.canonical(key)) {
      case "traceid", "xb3traceid" -> FieldRole.TRACE_ID;
      case "spanid", "xb3spanid" -> FieldRole.SPAN_ID;
      case "parentid", "parentspanid", "xb3parentspanid" -> FieldRole.PARENT_SPAN_ID;
      case "requestid", "xrequestid" -> FieldRole.REQUEST_ID;
      default -> null;
    };
    return new LayoutField(Kind.MDC, key, role, 0, false, 0, null, source);
  }

  /** The date pattern of {@code %d}'s options: Logback's {pattern, zone} or Log4j2's {pattern}{zone}. */
  private DatePattern date(List<String> options, int column) {
    String pattern = options.isEmpty() ? "DEFAULT" : resolve(options.get(0).trim(), column);
    ZoneId zone = null;
    if (options.size() > 1) {
      zone = zone(options.get(1).trim(), column);
    } else {
      int comma = pattern.lastIndexOf(',');
      if (comma > 0 && !pattern.startsWith("\"")) {
        ZoneId candidate = zoneOrNull(pattern.substring(comma + 1).trim());
        if (candidate != null) {
          zone = candidate;
          pattern = pattern.substring(0, comma).trim();
        }
      }
    }
    if (pattern.length() >= 2 && pattern.startsWith("\"") && pattern.endsWith("\"")) {
      pattern = pattern.substring(1, pattern.length() - 1);
    }
    if (pattern.equals(ANY_ISO_DATE)) {
      return DatePattern.iso8601();
    }
    try {
      return pattern.isEmpty() ? DatePattern.compile("DEFAULT", zone) : DatePattern.compile(pattern, zone);
    } catch (IllegalArgumentException e) {
      throw error("has a date that does not compile (" + e.getMessage() + ")", column);
    }
  }

  private ZoneId zone(String id, int column) {
    ZoneId zone = zoneOrNull(id);
    if (zone == null) {
      throw error("names time zone '" + id + "', which is unknown", column);
    }
    return zone;
  }

  private static ZoneId zoneOrNull(String id) {
    try {
      return id.isEmpty() ? null : ZoneId.of(id);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** An option's text with its placeholders resolved to their defaults. */
  private String resolve(String text, int column) {
    int at = text.indexOf("${");
    if (at < 0) {
      return text;
    }
    int close = matching(text, column, at + 1, '{', '}');
    String body = text.substring(at + 2, close);
    int defaultAt = topLevelIndexOf(body, ":-");
    String value;
    if (defaultAt >= 0) {
      value = body.substring(defaultAt + 2);
    } else if (FieldMapping.canonical(body.substring(body.indexOf(':') + 1)).equals("logdateformatpattern")) {
      value = ANY_ISO_DATE;
    } else {
      throw error("has placeholder ${" + body + "} in an option, whose value it does not say; write the value",
          column);
    }
    return resolve(text.substring(0, at) + value + text.substring(close + 1), column);
  }

  /** Index of the bracket closing the one at {@code open}, skipping nested pairs and escapes. */
  private int matching(String text, int base, int open, char opening, char closing) {
    int depth = 0;
    for (int i = open; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == opening) {
        depth++;
      } else if (c == closing && --depth == 0) {
        return i;
      }
    }
    throw error("has a '" + opening + "' that is never closed", base + open);
  }

  private static int topLevelIndexOf(String text, String needle) {
    int depth = 0;
    for (int i = 0; i + needle.length() <= text.length(); i++) {
      char c = text.charAt(i);
      if (c == '{') {
        depth++;
      } else if (c == '}') {
        depth--;
      } else if (depth == 0 && text.startsWith(needle, i)) {
        return i;
      }
    }
    return -1;
  }
}
