package io.tracelake.simulator.cli;

import io.tracelake.jobs.cli.DateConverter;
import io.tracelake.jobs.cli.ExitCodes;
import io.tracelake.jobs.cli.PluginCommand;
import io.tracelake.simulator.Compression;
import io.tracelake.simulator.GenerationSummary;
import io.tracelake.simulator.GeneratorOptions;
import io.tracelake.simulator.IdMode;
import io.tracelake.simulator.LogSimulator;
import io.tracelake.simulator.Scenario;
import io.tracelake.simulator.ServiceFormat;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake generate}: one simulated day of a microservice shop's logs, with its ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Simulates one UTC day of a shop's microservices (a gateway and ten services calling each other, "
            + "a database, a cache and a message broker) and writes, under --out:",
        "  logs/<date>/<service>/<instance>.log  one log per instance, logstash JSON lines or its --format",
        "  logs/<date>/<service>/access/...      access logs, for services given +nginx, +apache or +envoy",
        "  truth/spans.jsonl                     every simulated span, to check tracelake's output against",
        "  truth/summary.json                    the options, lines per day directory, duplicates, giant trace id",
        "  tracelake.yaml                        a config that runs tracelake on those logs",
        "--ids, --silent, --access-log-only, --duplicates, --max-skew, --across-midnight and --giant-trace make "
            + "the day harder to rebuild; without them the logs are as full as they can be.",
        "--no-kinds, --non-enclosing, --after-response and --repeats add the habits of real services that break "
            + "a rebuild's assumptions; the truth records what each did.",
        "The same options always write the same bytes."})
public final class GenerateCommand implements PluginCommand {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write into.")
  Path out;

  @Option(names = "--date", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "The day to simulate (UTC).")
  LocalDate date;

  @Option(names = "--requests", paramLabel = "N", defaultValue = "1000",
      description = "Requests (traces) to simulate over the day. Default: ${DEFAULT-VALUE}.")
  int requests;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Random seed. Default: ${DEFAULT-VALUE}.")
  long seed;

  @Option(names = "--compress", paramLabel = "none|gz|bz2|zst", defaultValue = "none",
      converter = CompressionConverter.class, description = "Compress the log files. Default: ${DEFAULT-VALUE}.")
  Compression compression;

  @Option(names = "--format", paramLabel = "SERVICE=FORMAT",
      description = "The log format of one service (repeatable): [docker:|cri:]FORMAT[+ACCESS], where FORMAT is "
          + "logstash-json (the default), ecs-json, otel-json, bunyan-json, pino-json, pattern, python, spring-boot, "
          + "spring-boot-2 or logfmt, docker: or cri: wraps it in a container runtime's envelope, and +nginx, "
          + "+apache or +envoy adds an access log; +ACCESS alone adds one to the current format. "
          + "E.g. cart=cri:pattern, gateway=spring-boot+nginx.")
  List<String> formats = new ArrayList<>();

  @Option(names = "--formats", paramLabel = "PRESET",
      description = "Formats for all services at once, before any --format: 'mixed' gives each service another "
          + "format, so that the day holds every format, envelope and access log.")
  String preset;

  @Option(names = "--ids", paramLabel = "full|span|request", defaultValue = "full", converter = IdModeConverter.class,
      description = "Which ids application log lines carry: full (trace, span and parent ids, span markers), span "
          + "(trace and span id only, as Sleuth/Micrometer MDCs), request (only a request id: the trace id as a "
          + "UUID, in each format's request-id field). Default: ${DEFAULT-VALUE}.")
  IdMode ids;

  @Option(names = "--silent", paramLabel = "SERVICE", split = ",",
      description = "Services that write no log at all; their spans still happen and are in the truth.")
  List<String> silent = new ArrayList<>();

  @Option(names = "--access-log-only", paramLabel = "SERVICE", split = ",",
      description = "Services that write only an access log (their --format's, else nginx's with $request_id = "
          + "the trace id), no application log.")
  List<String> accessLogOnly = new ArrayList<>();

  @Option(names = "--duplicates", paramLabel = "FRACTION", defaultValue = "0",
      description = "Share of application log entries shipped twice, e.g. 0.01: half repeated right after the "
          + "original, half in <instance>-resent.log next to it. Default: ${DEFAULT-VALUE}.")
  double duplicates;

  @Option(names = "--max-skew", paramLabel = "MS", defaultValue = "25",
      description = "No host's clock is further than this from true time, in ms (at most 60000); 0 for perfect "
          + "clocks. Default: ${DEFAULT-VALUE}.")
  long maxSkewMs;

  @Option(names = "--across-midnight", paramLabel = "N", defaultValue = "0",
      description = "N more requests that start just before the next UTC midnight and end after it, and N that "
          + "start just before this day's; lines go into logs/<day>/ of their own timestamp's UTC day, "
          + "the day before or after included. Default: ${DEFAULT-VALUE}.")
  int acrossMidnight;

  @Option(names = "--giant-trace", paramLabel = "EVENTS", defaultValue = "0",
      description = "One more request, a nightly export of all orders at 03:00, whose trace has about EVENTS log "
          + "entries (up to 10,000,000; the trace is held in memory while it is written: 1,000,000 took 12 s in "
          + "a 200 MB heap). Default: none.")
  int giantTraceEvents;

  @Option(names = "--no-kinds",
      description = "Log as services under a tracing agent do: lines carry trace and span ids (an MDC) but no span "
          + "kind and no parent id (implies --ids span); CLIENT spans between services log nothing, their caller "
          + "logs the 'Calling' line; handlers run in nested INTERNAL spans (controller, service layer).")
  boolean noKinds;

  @Option(names = "--non-enclosing", paramLabel = "FRACTION", defaultValue = "0",
      description = "Share of spans with children whose lines do not enclose them, e.g. 0.2: one line before the "
          + "call, one line after the child returned, or a last line before the last call. Default: "
          + "${DEFAULT-VALUE}.")
  double nonEnclosing;

  @Option(names = "--after-response", paramLabel = "FRACTION", defaultValue = "0",
      description = "Share of requests answered 202 whose work goes on later in a 'worker' service (a queue), "
          + "which logs only the request id; the truth makes the worker's spans children of the handling that "
          + "enqueued the job. Default: ${DEFAULT-VALUE}.")
  double afterResponse;

  @Option(names = "--repeats", paramLabel = "FRACTION", defaultValue = "0",
      description = "Share of ordinary lines logged twice at the same instant, e.g. 0.01: two real events with "
          + "identical lines, which the truth counts both (unlike --duplicates, re-shipments of one entry). "
          + "Default: ${DEFAULT-VALUE}.")
  double repeats;

  @Override
  public Integer call() throws Exception {
    Map<String, ServiceFormat> base = preset == null ? Map.of() : ServiceFormat.preset(preset);
    Scenario scenario = Scenario.DEFAULT.withIds(ids).withSilent(services(silent))
        .withAccessLogOnly(services(accessLogOnly)).withDuplicates(duplicates).withMaxSkewMs(maxSkewMs)
        .withAcrossMidnight(acrossMidnight).withGiantTrace(giantTraceEvents).withNoKinds(noKinds)
        .withNonEnclosing(nonEnclosing).withAfterResponse(afterResponse).withRepeats(repeats);
    GeneratorOptions options = new GeneratorOptions(out, date, requests, seed, compression,
        ServiceFormat.assign(base, formats), scenario);
    GenerationSummary summary = new LogSimulator(options).run();
    spec.commandLine().getOut().printf(Locale.ROOT,
        "generated %s: %,d traces, %,d spans, %,d log lines (%,d entries) in %,d files%n  logs:   %s%n"
            + "  truth:  %s%n  config: %s%n",
        date, summary.traces(), summary.spans(), summary.logLines(), summary.logEntries(), summary.logFiles(),
        out.resolve("logs").resolve(date.toString()), summary.truthFile(), summary.configFile());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }

  /** The services of a comma-separated option, each once, blanks dropped ({@code a,,b} and {@code a, b} alike). */
  private static Set<String> services(List<String> values) {
    Set<String> services = new LinkedHashSet<>();
    for (String value : values) {
      if (!value.isBlank()) {
        services.add(value.trim());
      }
    }
    return services;
  }

  static final class IdModeConverter implements CommandLine.ITypeConverter<IdMode> {
    @Override
    public IdMode convert(String value) {
      try {
        return IdMode.byOptionName(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  static final class CompressionConverter implements CommandLine.ITypeConverter<Compression> {
    @Override
    public Compression convert(String value) {
      return switch (value) {
        case "none" -> Compression.NONE;
        case "gz", "gzip" -> Compression.GZIP;
        case "bz2", "bzip2" -> Compression.BZIP2;
        case "zst", "zstd" -> Compression.ZSTD;
        default -> throw new CommandLine.TypeConversionException("'" + value + "' is not one of none, gz, bz2, zst");
      };
    }
  }
}
