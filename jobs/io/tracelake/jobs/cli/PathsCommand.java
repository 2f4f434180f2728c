package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.WarehouseDays;
import io.tracelake.model.schema.Table;
import io.tracelake.model.schema.Tables;
import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tracelake paths}: the Parquet files of a table that a reader may see, day by day through each day's
 * pointer, for readers that cannot follow it themselves (a DuckDB or shell one-liner); no Spark.
 */
@Command(name = "paths", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Prints the Parquet files of a table's days as a reader sees them: for each day, the files of "
        + "the run its pointer <warehouse>/_runs/dt=<day>/_CURRENT names (a run still writing, or one that died, "
        + "is not listed). One file per line, or with --duckdb one DuckDB list literal for read_parquet(...).",
        "Example: duckdb -c \"SELECT count(*) FROM read_parquet($(tracelake paths --config c.yaml --table spans "
            + "--duckdb), hive_partitioning = true)\""},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:listed", "2:bad arguments or configuration", "3:the table has no day in the range"})
final class PathsCommand implements Callable<Integer> {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--config", required = true, paramLabel = "FILE|URI",
      description = "The tracelake YAML config: a local file or any Hadoop URI.")
  String config;

  @Option(names = "--table", required = true, paramLabel = "NAME",
      description = "A daily table: events, rejects, spans, traces, service_operations_daily, service_hourly, "
          + "errors_daily, dependencies_daily.")
  String table;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "First day, with --to. Default: every day of the table.")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Last day, included.")
  LocalDate to;

  @Option(names = "--duckdb", description = "Print one DuckDB list literal ['...', ...] instead of lines.")
  boolean duckdb;

  @Override
  public Integer call() throws Exception {
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException("give both --from and --to, or neither");
    }
    List<Table> daily = Stream.concat(Tables.NIGHTLY.stream(), Tables.AGGREGATES.stream()).toList();
    Table chosen = daily.stream().filter(t -> t.name().equals(table)).findFirst().orElseThrow(
        () -> new IllegalArgumentException("--table " + table + " is not a daily table; one of "
            + daily.stream().map(Table::name).collect(Collectors.joining(", "))));
    TracelakeConfig cfg = HadoopFiles.loadConfig(config);
    Configuration hadoop = HadoopFiles.configuration(cfg);
    List<String> files = new ArrayList<>();
    for (LocalDate day : WarehouseDays.of(hadoop, cfg.warehouse(), chosen, from, to)) {
      DayPointer.files(cfg.warehouse(), chosen, day, hadoop).stream().map(Path::toString).forEach(files::add);
    }
    if (files.isEmpty()) {
      spec.commandLine().getErr().println("tracelake: no day of " + table + (from == null ? "" : " from " + from
          + " to " + to) + " in " + cfg.warehouse() + "; run 'tracelake run' first");
      return ExitCodes.INPUT;
    }
    PrintWriter out = spec.commandLine().getOut();
    if (duckdb) {
      out.println(files.stream().map(f -> "'" + local(f).replace("'", "''") + "'")
          .collect(Collectors.joining(", ", "[", "]")));
    } else {
      files.forEach(f -> out.println(local(f)));
    }
    out.flush();
    return ExitCodes.OK;
  }

  /** A local file as a plain path (DuckDB reads those), any other URI as it is (s3://, hdfs:// need DuckDB's extensions). */
  private static String local(String uri) {
    return uri.startsWith("file:") ? new Path(uri).toUri().getPath() : uri;
  }
}
