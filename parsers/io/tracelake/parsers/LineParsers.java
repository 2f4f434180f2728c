package io.tracelake.parsers;

import io.tracelake.model.LogEvent;
import java.io.InputStream;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Builds the parser a {@link ParserSpec} names, and the file parser around it. The one place that
 * knows every format.
 */
public final class LineParsers {

  private static final List<String> FORMATS = List.of("logstash-json");
  private static final List<String> TEXT_FORMATS = List.of();

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
      default -> throw new IllegalArgumentException(
          "format '" + spec.format() + "' is not one of: " + String.join(", ", FORMATS));
    };
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
