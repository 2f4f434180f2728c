package io.tracelake.jobs.cli;

import io.tracelake.jobs.config.TracelakeConfig;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** Where {@code trace} and {@code export} look: the warehouse (from a config or given) and the days searched. */
final class TraceSearchOptions {

  @Option(names = "--config", paramLabel = "FILE|URI",
      description = "The tracelake YAML config (its warehouse and spark settings): a local file or any Hadoop URI.")
  String config;

  @Option(names = "--warehouse", paramLabel = "URI", description = "The warehouse root, instead of --config.")
  String warehouse;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", converter = DateConverter.class, description = "Search this day only.")
  LocalDate date;

  @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "First day searched (with --to).")
  LocalDate from;

  @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = DateConverter.class,
      description = "Last day searched (with --from). Without --date or --from/--to, every day is searched.")
  LocalDate to;

  /** The config given, or one that names only the warehouse. */
  TracelakeConfig load() {
    if (date != null && (from != null || to != null)) {
      throw new IllegalArgumentException("give either --date or --from/--to, not both");
    }
    if ((from == null) != (to == null)) {
      throw new IllegalArgumentException("give both --from and --to");
    }
    if (from != null && to.isBefore(from)) {
      throw new IllegalArgumentException("--to " + to + " is before --from " + from);
    }
    return load(config, warehouse);
  }

  /** The config at {@code config}, or one that names only the {@code warehouse}: exactly one must be given. */
  static TracelakeConfig load(String config, String warehouse) {
    if ((config == null) == (warehouse == null)) {
      throw new IllegalArgumentException("give either --config or --warehouse");
    }
    return config != null ? HadoopFiles.loadConfig(config)
        : new TracelakeConfig(null, warehouse, List.of(), Map.of(), 0, 0, List.of(),
            io.tracelake.jobs.config.RebuildConfig.defaults());
  }

  LocalDate first() {
    return date != null ? date : from;
  }

  LocalDate last() {
    return date != null ? date : to;
  }

  /** "on 2026-11-20", "from 2026-11-01 to 2026-11-30" or "in any day", for messages. */
  String describe() {
    return date != null ? "on " + date : from != null ? "from " + from + " to " + to : "on any day";
  }
}
