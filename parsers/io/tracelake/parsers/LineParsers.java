package io.tracelake.parsers;

import io.tracelake.model.LogEvent;
import io.tracelake.parsers.context.TraceContextResolver;
import io.tracelake.parsers.envelope.Envelope;
import io.tracelake.parsers.envelope.EnvelopeFormat;
import io.tracelake.parsers.json.JsonFormat;
import io.tracelake.parsers.json.OtlpLogsBatches;
import io.tracelake.parsers.text.AccessLogParser;
import io.tracelake.parsers.text.FieldMapping;
import io.tracelake.parsers.text.GrokParser;
import io.tracelake.parsers.text.LogfmtParser;
import io.tracelake.parsers.text.PatternLayoutParser;
import io.tracelake.parsers.text.RegexParser;
import io.tracelake.parsers.text.SpringBootConsoleParser;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Builds what a {@link ParserSpec} names: the line parser, the envelope, the finishing step, and the
 * file parser around them. The one place that knows every format.
 */
public final class LineParsers {

  private static final List<String> JSON_FORMATS =
      Arrays.stream(JsonFormat.values()).map(JsonFormat::configName).toList();
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
   * Builds everything the spec names once, so that a mistake in it (an unknown format, a pattern that
   * does not compile) shows when the config is read rather than in a task.
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void validate(ParserSpec spec, FileContext file) {
    create(spec, file);
    envelope(spec);
    finisher(spec);
  }

  /** @throws IllegalArgumentException naming what is wrong when the spec cannot make a parser */
  public static LineParser create(ParserSpec spec, FileContext file) {
    String format = spec.format();
    if (JSON_FORMATS.contains(format)) {
      return JsonFormat.byConfigName(format).newParser(spec.fields(), spec.zone());
    }
    return switch (format) {
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
          "format '" + format + "' is not one of: " + String.join(", ", FORMATS));
    };
  }

  /** The envelope around each line, or null. */
  public static Envelope envelope(ParserSpec spec) {
    return spec.envelope() == null ? null : EnvelopeFormat.byConfigName(spec.envelope()).newEnvelope();
  }

  /** What splits lines holding several records, for the formats whose writers batch; else null. */
  public static RecordBatches batches(ParserSpec spec) {
    return JsonFormat.OTEL.configName().equals(spec.format()) ? new OtlpLogsBatches() : null;
  }

  /** Whether lines that are not entries continue the entry before them: by default for text formats. */
  public static boolean multiline(ParserSpec spec) {
    return spec.multiline() != null ? spec.multiline() : TEXT_FORMATS.contains(spec.format());
  }

  /**
   * What every complete event goes through, whatever its format: finding and normalising its trace
   * context. Text formats also find ids written in the message ({@code trace_id=…}, {@code traceId=…}),
   * as the log lines of services that print their trace context into the text do. Then the spans the
   * config declares ({@link SpanDeclarations}) are marked.
   */
  public static UnaryOperator<LogEvent> finisher(ParserSpec spec) {
    TraceContextResolver resolver = new TraceContextResolver(spec.requestIdPatterns(), spec.spanIdPatterns(),
        spec.parentSpanIdPatterns(), TEXT_FORMATS.contains(spec.format()));
    if (spec.spans() == null) {
      return resolver::resolve;
    }
    UnaryOperator<LogEvent> declared = spec.spans().annotator();
    return event -> declared.apply(resolver.resolve(event));
  }

  /** A file parser over {@code in} for this spec. */
  public static LogFileParser forFile(InputStream in, ParserSpec spec, FileContext file, String defaultService,
      String defaultInstance, int maxLineBytes) {
    return new LogFileParser(in, create(spec, file), envelope(spec), batches(spec), defaultService, defaultInstance,
        maxLineBytes, multiline(spec), finisher(spec));
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
}
