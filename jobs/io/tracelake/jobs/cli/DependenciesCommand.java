package io.tracelake.jobs.cli;

import io.tracelake.jobs.aggregate.DependencyGraphExport;
import io.tracelake.jobs.config.TracelakeConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import zipkin2.DependencyLink;

/** {@code tracelake dependencies}: the service graph of a day or a period, for Zipkin or Graphviz. */
@Command(name = "dependencies", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Exports the service dependency graph of a day (--date) or a period (--from, --to) from "
        + "dependencies_daily, as Zipkin's dependency-links JSON (what its UI's dependency view loads) or as "
        + "Graphviz DOT (dot -Tsvg graph.dot > graph.svg).")
final class DependenciesCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE|URI",
      description = "The tracelake YAML config: a local file or any Hadoop URI.")
  String config;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "One day.")
  LocalDate date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "First day of a period.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Last day of a period.")
  LocalDate to;

  @Option(names = "--format", paramLabel = "zipkin|dot", defaultValue = "zipkin",
      description = "zipkin (JSON) or dot. Default: ${DEFAULT-VALUE}.")
  String format;

  @Option(names = "--out", paramLabel = "FILE|URI",
      description = "Write here (a local file or any Hadoop URI) instead of standard output.")
  String out;

  @Override
  public Integer call() throws Exception {
    if ((date == null) == (from == null || to == null)) {
      throw new IllegalArgumentException("give either --date or both --from and --to");
    }
    if (!format.equals("zipkin") && !format.equals("dot")) {
      throw new IllegalArgumentException("--format must be zipkin or dot, was '" + format + "'");
    }
    TracelakeConfig cfg = HadoopFiles.loadConfig(config);
    // no Spark session: a day's graph is a few hundred rows, read in less time than a session takes to start
    List<DependencyLink> links = DependencyGraphExport.links(HadoopFiles.configuration(cfg), cfg.warehouse(),
        date != null ? date : from, date != null ? date : to);
    String text = format.equals("zipkin") ? DependencyGraphExport.zipkinJson(links) + "\n"
        : DependencyGraphExport.dot(links);
    if (out != null) {
      HadoopFiles.writeString(out, text);
    } else {
      spec.commandLine().getOut().print(text);
      spec.commandLine().getOut().flush();
    }
    return ExitCodes.OK;
  }
}
