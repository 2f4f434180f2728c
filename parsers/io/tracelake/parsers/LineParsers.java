package io.tracelake.parsers;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.text.AccessLogParser;
import io.tracelake.parsers.text.FieldMapping;
import io.tracelake.parsers.text.GrokParser;
import io.tracelake.parsers.text.LogfmtParser;
import io.tracelake.parsers.text.PatternLayoutParser;
import io.tracelake.parsers.text.RegexParser;
import io.tracelake.parsers.text.SpringBootConsoleParser;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds the parser a {@link ParserSpec} names, and the file parser around it. The one place that
 * knows every format.
 */
public final class LineParsers {

  private static final List<String> JSON_FORMATS = List.of("logstash-json");
  /** Formats whose entries can span lines (stack traces after the first line). */
  private static final List<String> TEXT_FORMATS = List.of("pattern", "spring-boot", "grok", "regex", "logfmt");
  private static final List<String> ACCESS_LOG_FORMATS = List.of("nginx", "apache", "envoy");
  private static final List<String> FORMATS = concat(JSON_FORMATS, TEXT_FORMATS, ACCESS_LOG_FORMATS);

  private LineParsers() {}

  /** Every format name a source can use. */
  public static List<String> formats() {
    return FORMATS;
  }

  /**
   * @throws IllegalArgumentException naming what is wrong when the spec cannot make a parser (an unknown
   *     format, a pattern that does not compile)
   */
  public static LineParser create(ParserSpec spec, FileContext file) {
    return switch (spec.format()) {
      case "logstash-json" -> new JsonLineParser(
          JsonFieldMapping.logstash(spec.fieldFor("service"), spec.fieldFor("instance")), spec.zone());
      case "pattern" -> PatternLayoutParser.compile(required(spec, "a Logback or Log4j2 layout")).newParser(file);
      case "spring-boot" -> (spec.timestampFormat() == null ? SpringBootConsoleParser.format()
          : SpringBootConsoleParser.format(spec.timestampFormat())).newParser(file);
      case "grok" -> GrokParser.compile(required(spec, "a grok expression"), Map.of(), textFields(spec),
          spec.timestampFormat()).newParser(file);
      case "regex" -> RegexParser.compile(required(spec, "a regular expression with named groups"), textFields(spec),
          spec.timestampFormat()).newParser(file);
      case "logfmt" -> LogfmtParser.format(textFields(spec), spec.timestampFormat()).newParser(file);
      case "nginx" -> AccessLogParser.nginx().newParser(file);
      case "apache" -> AccessLogParser.apache().newParser(file);
      case "envoy" -> AccessLogParser.envoy().newParser(file);
      default -> throw new IllegalArgumentException(
          "format '" + spec.format() + "' is not one of: " + String.join(", ", FORMATS));
    };
  }

  private static String required(ParserSpec spec, String what) {
    if (spec.pattern() == null || spec.pattern().isBlank()) {
      throw new IllegalArgumentException("format '" + spec.format() + "' needs 'pattern': " + what);
    }
    return spec.pattern();
  }

  private static FieldMapping textFields(ParserSpec spec) {
    return FieldMapping.withOverrides(spec.fields());
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return List.copyOf(all);
  }

  /** Whether lines that are not entries continue the entry before them: by default for text formats. */
  public static boolean multiline(ParserSpec spec) {
    return spec.multiline() != null ? spec.multiline() : TEXT_FORMATS.contains(spec.format());
  }

  /** What every complete event goes through, whatever its format. */
  public static UnaryOperator<LogEvent> finisher(ParserSpec spec) {
    return UnaryOperator.identity();
  }

  /** A file parser over {@code in} for this spec. */
  public static LogFileParser forFile(InputStream in, ParserSpec spec, FileContext file, String defaultService,
      String defaultInstance, int maxLineBytes) {
    return new LogFileParser(in, create(spec, file), defaultService, defaultInstance, maxLineBytes, multiline(spec),
        finisher(spec));
  }
}
