package io.tracelake.jobs.cli;

import io.tracelake.jobs.aggregate.RollupJob;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.model.schema.Tables;
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
            + "the merged daily sketches: within 1%% of those of the period's spans, without reading them.",
        "A period with days that have no aggregates is refused (exit code 3) unless --allow-missing."})
final class RollupCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE|URI",
      description = "The tracelake YAML config: a local file or any Hadoop URI.")
  String config;

  @Option(names = "--from", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "First day of the period.")
  LocalDate from;

  @Option(names = "--to", required = true, paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Last day of the period.")
  LocalDate to;

  @Option(names = "--allow-missing",
      description = "Roll up the days that have aggregates when some days of the period have none; without it such "
          + "a period is refused (exit code 3). The rows' 'days' column lists the days merged.")
  boolean allowMissing;

  @Override
  public Integer call() throws Exception {
    TracelakeConfig cfg = HadoopFiles.loadConfig(config);
    // no Spark session: a period's daily aggregates are a few hundred rows a day
    new RollupJob(HadoopFiles.configuration(cfg), cfg).run(from, to, allowMissing).forEach((table, rows) -> spec
        .commandLine().getOut().printf(Locale.ROOT, "%s/%s/%s: %,d rows%n", cfg.warehouse(), table,
            String.format(Tables.PERIOD_PARTITION, from, to), rows));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
