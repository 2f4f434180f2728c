package io.tracelake.jobs.cli;

import io.tracelake.jobs.generate.Compression;
import io.tracelake.jobs.generate.GenerationSummary;
import io.tracelake.jobs.generate.GeneratorOptions;
import io.tracelake.jobs.generate.LogSimulator;
import io.tracelake.jobs.generate.ServiceFormat;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
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
        "  tracelake.yaml                        a config that runs tracelake on those logs",
        "The same options always write the same bytes."})
final class GenerateCommand implements Callable<Integer> {

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

  @Override
  public Integer call() throws Exception {
    Map<String, ServiceFormat> base = preset == null ? Map.of() : ServiceFormat.preset(preset);
    GeneratorOptions options = new GeneratorOptions(out, date, requests, seed, compression,
        ServiceFormat.assign(base, formats));
    GenerationSummary summary = new LogSimulator(options).run();
    spec.commandLine().getOut().printf(Locale.ROOT,
        "generated %s: %,d traces, %,d spans, %,d log lines (%,d entries) in %,d files%n  logs:   %s%n"
            + "  truth:  %s%n  config: %s%n",
        date, summary.traces(), summary.spans(), summary.logLines(), summary.logEntries(), summary.logFiles(),
        out.resolve("logs").resolve(date.toString()), summary.truthFile(), summary.configFile());
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
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
