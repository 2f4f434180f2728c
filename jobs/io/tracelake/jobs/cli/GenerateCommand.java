package io.tracelake.jobs.cli;

import io.tracelake.jobs.generate.Compression;
import io.tracelake.jobs.generate.GenerationSummary;
import io.tracelake.jobs.generate.GeneratorOptions;
import io.tracelake.jobs.generate.LogSimulator;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake generate}: one simulated day of a microservice shop's logs, with its ground truth. */
@Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Simulates one UTC day of a shop's microservices (a gateway and ten services calling each other, "
            + "a database, a cache and a message broker) and writes, under --out:",
        "  logs/<date>/<service>/<instance>.log  one JSON-lines log per instance, logstash-logback-encoder style",
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

  @Override
  public Integer call() throws Exception {
    GenerationSummary summary = new LogSimulator(new GeneratorOptions(out, date, requests, seed, compression)).run();
    spec.commandLine().getOut().printf(Locale.ROOT,
        "generated %s: %,d traces, %,d spans, %,d log lines in %,d files%n  logs:   %s%n  truth:  %s%n  config: %s%n",
        date, summary.traces(), summary.spans(), summary.logLines(), summary.logFiles(),
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
