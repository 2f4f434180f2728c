package io.tracelake.jobs.cli;

import io.tracelake.jobs.aggregate.AggregateJob;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.InputException;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.model.schema.Tables;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tracelake aggregate}: the daily aggregates of a day whose spans are in the warehouse. */
@Command(name = "aggregate", mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Computes a day's aggregates from its spans and replaces that day's partition of service_operations_daily, "
            + "service_hourly, errors_daily and dependencies_daily. 'tracelake run' does this as its last stage; "
            + "run it alone after changing the operation rules of the config."})
final class AggregateCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE|URI",
      description = "The tracelake YAML config: a local file or any Hadoop URI.")
  String config;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Day to aggregate, in UTC. Default: yesterday.")
  LocalDate date;

  @Override
  public Integer call() throws Exception {
    TracelakeConfig cfg = HadoopFiles.loadConfig(config);
    LocalDate day = date != null ? date : LocalDate.now(ZoneOffset.UTC).minusDays(1);
    try (SparkSessions.Handle session = SparkSessions.open(cfg, "tracelake aggregate " + day)) {
      if (DayPointer.partition(cfg.warehouse(), Tables.SPANS, day,
          session.spark().sparkContext().hadoopConfiguration()) == null) {
        throw new InputException("no spans for " + day + " in " + cfg.warehouse() + " ("
            + DayPointer.dayDirectory(cfg.warehouse(), Tables.SPANS, day) + " has none a reader sees); run "
            + "'tracelake run --date " + day + "' first");
      }
      Map<String, Long> written = new AggregateJob(session.spark(), cfg).run(day);
      written.forEach((table, rows) -> spec.commandLine().getOut().printf(Locale.ROOT, "%s/%s/dt=%s: %,d rows%n",
          cfg.warehouse(), table, day, rows));
      spec.commandLine().getOut().flush();
      return ExitCodes.OK;
    }
  }
}
