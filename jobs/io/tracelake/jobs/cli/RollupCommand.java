package io.tracelake.jobs.cli;

import io.tracelake.jobs.aggregate.RollupJob;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.model.schema.Tables;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake rollup}: the daily aggregates of a period merged, from their sketches. */
@Command(name = "rollup", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Merges the daily operation and dependency aggregates from --from to --to (both included) into "
            + "service_operations_rollup and dependencies_rollup, partitioned by from=/to=. Percentiles come from "
            + "the merged daily sketches: within 1%% of those of the period's spans, without reading them."})
final class RollupCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE", description = "The tracelake YAML config.")
  Path config;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "First day of the period.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Last day of the period.")
  LocalDate to;

  @Override
  public Integer call() throws Exception {
    TracelakeConfig cfg = ConfigLoader.load(config);
    try (SparkSessions.Handle session = SparkSessions.open(cfg, "tracelake rollup " + from + ".." + to)) {
      new RollupJob(session.spark(), cfg).run(from, to).forEach((table, rows) -> spec.commandLine().getOut()
          .printf(Locale.ROOT, "%s/%s/%s: %,d rows%n", cfg.warehouse(), table,
              String.format(Tables.PERIOD_PARTITION, from, to), rows));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
