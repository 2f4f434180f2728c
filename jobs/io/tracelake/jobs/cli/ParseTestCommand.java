package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.ConfigException;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.DatePlaceholders;
import io.tracelake.jobs.config.ParserSpecs;
import io.tracelake.jobs.config.SourceConfig;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.run.LogFileInput;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParsers;
import io.tracelake.parsers.LogFileParser;
import io.tracelake.parsers.ParserSpec;
import io.tracelake.parsers.PathAttribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tracelake parse-test}: what a source's config makes of the first lines of a file, line by line. */
@Command(name = "parse-test", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Parses the first lines of a file as a configured source would, and shows for each entry the fields "
            + "it yields or why it was rejected. No Spark: answers in a second, to get a source's config right.",
        "FILE is a local path or Hadoop URI (.gz, .bz2, .zst are decompressed), or - for standard input. "
            + "Without FILE, the first file the source matches for --date is used.",
        "It ends with what a run would lose: events without a trace id (and the fields that looked like ids), "
            + "rejected lines by reason, and events whose time is a fallback.",
        "Entries are shown redacted as a run would write them; each replaced value is listed under its entry "
            + "(field: rule -> replacement), and the totals by rule come last."})
final class ParseTestCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The tracelake YAML config.")
  java.nio.file.Path config;

  @Option(names = "--source", required = true, paramLabel = "NAME", description = "The source whose format to use.")
  String sourceName;

  @Option(names = "--lines", paramLabel = "N", defaultValue = "20",
      description = "How many lines to read. Default: ${DEFAULT-VALUE}.")
  int maxLines;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Day of the file: completes times logged without a date, and picks the file when FILE is "
          + "not given. Default: yesterday.")
  LocalDate date;

  @Parameters(arity = "0..1", paramLabel = "FILE|-", description = "The file to read.")
  String file;

  @Override
  public Integer call() throws IOException {
    if (maxLines < 1) {
      throw new IllegalArgumentException("--lines must be at least 1, was " + maxLines);
    }
    TracelakeConfig cfg = ConfigLoader.load(config);
    SourceConfig source = cfg.sources().stream().filter(s -> s.name().equals(sourceName)).findFirst()
        .orElseThrow(() -> new ConfigException(cfg.file() + ": no source named '" + sourceName + "'; sources: "
            + cfg.sources().stream().map(SourceConfig::name).collect(Collectors.joining(", "))));
    LocalDate day = date != null ? date : LocalDate.now(ZoneOffset.UTC).minusDays(1);
    String path = file != null ? file : firstFile(source, day);
    ParserSpec parser = ParserSpecs.of(source);
    PrintWriter out = spec.commandLine().getOut();
    out.println("source '" + source.name() + "' (format " + source.format() + ") on " + path);
    ParseTestSummary summary = new ParseTestSummary();
    java.util.List<String> redacted = new java.util.ArrayList<>();
    io.tracelake.parsers.redaction.Redactor redactor = new io.tracelake.parsers.redaction.Redactor(
        cfg.redactionFor(source.name())).listener((field, rule, replacement) ->
            redacted.add(field + ": " + rule.key() + " -> " + replacement));
    try (InputStream in = "-".equals(path) ? System.in : LogFileInput.open(path)) {
      LogFileParser entries = LineParsers.forFile(in, parser, new FileContext(day, parser.zone()),
          nameFrom(source.service(), path), nameFrom(source.instance(), path), cfg.maxLineBytes());
      while (entries.hasNext()) {
        ParsedLine parsed = entries.next();
        if (parsed.lineNumber() > maxLines) {
          break;
        }
        redacted.clear();
        // shown as a run would write it
        ParsedLine entry = redactor.redact(parsed);
        summary.add(entry);
        if (entry.isEvent()) {
          printEvent(out, entry);
        } else {
          out.printf("line %d: REJECTED %s: %s%n  raw: %s%n", entry.lineNumber(), entry.reject().reason().code(),
              entry.reject().detail(), abbreviate(entry.reject().raw(), 200));
        }
        for (String hit : redacted) {
          field(out, "redacted", hit);
        }
      }
    } catch (UncheckedIOException e) {
      throw new InputException(path + ": " + e.getMessage());
    }
    summary.print(out);
    out.println(redactionSummary(cfg.redactionFor(source.name()).mode(), redactor));
    out.flush();
    return ExitCodes.OK;
  }

  /** The totals line: the mode, and values replaced by rule in how many entries. */
  static String redactionSummary(String mode, io.tracelake.parsers.redaction.Redactor redactor) {
    if (!redactor.enabled()) {
      return "redaction: off (redaction: off in the config): values are written as logged";
    }
    java.util.Map<String, Long> counts = redactor.counts();
    long values = counts.values().stream().mapToLong(Long::longValue).sum();
    return "redaction (" + mode + "): " + values + " values replaced in " + redactor.entriesChanged() + " entries"
        + (counts.isEmpty() ? "" : counts.entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
            .collect(Collectors.joining(", ", " (", ")")));
  }

  private static String firstFile(SourceConfig source, LocalDate day) {
    for (String pattern : source.paths()) {
      String first = LogFileInput.firstMatch(DatePlaceholders.expand(pattern, day));
      if (first != null) {
        return first;
      }
    }
    throw new InputException("source '" + source.name() + "': no file matches " + source.paths().stream()
        .map(p -> DatePlaceholders.expand(p, day)).collect(Collectors.joining(" or ")) + "; give FILE or --date");
  }

  private static String nameFrom(io.tracelake.jobs.config.NameSource names, String path) {
    if (names == null) {
      return null;
    }
    return names.path() != null ? PathAttribution.compile(names.path()).valueFor(path) : names.value();
  }

  private static void printEvent(PrintWriter out, ParsedLine entry) {
    LogEvent e = entry.event();
    out.println(entry.lineCount() == 1 ? "line " + entry.lineNumber() + ":"
        : "lines " + entry.lineNumber() + "-" + (entry.lineNumber() + entry.lineCount() - 1) + ":");
    field(out, "ts", Instant.ofEpochSecond(Math.floorDiv(e.timestampUs(), 1_000_000L),
        Math.floorMod(e.timestampUs(), 1_000_000L) * 1000).toString());
    field(out, "level", e.level());
    field(out, "service", e.service());
    field(out, "instance", e.instance());
    field(out, "logger", e.logger());
    field(out, "thread", e.thread());
    field(out, "trace_id", e.traceId());
    field(out, "span_id", e.spanId());
    field(out, "parent_span_id", e.parentSpanId());
    field(out, "request_id", e.requestId());
    field(out, "http", e.httpMethod() == null ? null
        : e.httpMethod() + " " + e.httpPath() + " " + e.httpStatus() + " in " + e.durationUs() + " µs");
    field(out, "exception", e.exceptionType() == null ? null : e.exceptionType() + ": " + e.exceptionMessage());
    field(out, "stream", e.stream());
    field(out, "time_source", e.timeSource() == io.tracelake.model.TimeSource.LINE ? null : e.timeSource().code());
    field(out, "message", e.message() == null ? null : abbreviate(e.message().replace("\n", "⏎"), 160));
    if (!e.attributes().isEmpty()) {
      field(out, "attributes", abbreviate(e.attributes().entrySet().stream()
          .map(a -> a.getKey() + "=" + a.getValue()).collect(Collectors.joining(", ")), 200));
    }
  }

  private static void field(PrintWriter out, String name, String value) {
    if (value != null) {
      out.printf("  %-15s %s%n", name, value);
    }
  }

  private static String abbreviate(String text, int max) {
    return text.length() <= max ? text : text.substring(0, max) + "…";
  }
}
