package io.tracelake.jobs.run;

import io.tracelake.jobs.warehouse.DayPointer;
import io.tracelake.jobs.warehouse.WarehouseWriter;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.TableCodecs;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TaskConfiguration;
import io.tracelake.model.schema.Tables;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * Stage 2 of the nightly run: one Spark task per read split parses every line once ({@link ParseSplit}); rejects
 * and events without a trace id are written by the task, the correlated events go to the shuffle as records. The
 * neighbour days' margin events join them, flagged, so that traces crossing midnight are rebuilt whole: from a
 * neighbour's committed events when it has run, else parsed from its files (when the source paths are dated).
 */
final class Parse {

  private static final long DAY_US = 86_400_000_000L;

  private Parse() {}

  /** The day's correlated events and the margins' as shuffle records, and the files that the records number. */
  record Records(JavaPairRDD<byte[], byte[]> records, SourceFiles files) {}

  /**
   * A neighbour day's margin: its committed events files when it has run (else none), else its input files (when
   * the source paths are dated).
   */
  private record Margin(LocalDate day, ParseSplit.Window window, List<String> committed, List<InputFile> files) {}

  /** The day's correlated events, and the margins', as shuffle records; the splits' stats go to {@code stats}. */
  static Records records(TracelakeConfig config, LocalDate date, List<InputFile> splits, JavaSparkContext jsc,
      Configuration hadoop, TaskConfiguration hadoopConf, WarehouseWriter writer,
      CollectionAccumulator<FileStats> stats) throws IOException {
    // the margins are found first, so that the day's files and the neighbours' are numbered together
    List<Margin> margins = margins(config, date, hadoop);
    List<InputFile> listed = new ArrayList<>(splits);
    margins.forEach(margin -> listed.addAll(margin.files()));
    SourceFiles files = SourceFiles.of(listed);
    JavaPairRDD<byte[], byte[]> records = jsc.parallelize(ParseSplit.Numbered.of(splits, files),
            Math.max(1, splits.size()))
        .flatMapToPair(new ParseSplit(hadoopConf, date, writer.stagingDir(Tables.REJECTS).toString(),
            writer.stagingDir(Tables.EVENTS).toString(), stats, config.rebuild()));
    for (Margin margin : margins) {
      if (!margin.committed().isEmpty()) {
        records = records.union(jsc.parallelize(margin.committed(), margin.committed().size())
            .flatMapToPair(new CommittedMargin(hadoopConf, margin.window())));
      } else if (!margin.files().isEmpty()) {
        records = records.union(jsc.parallelize(ParseSplit.Numbered.of(margin.files(), files),
                margin.files().size())
            .flatMapToPair(ParseSplit.margin(hadoopConf, margin.day(), margin.window())));
      }
    }
    return new Records(records, files);
  }

  private static List<Margin> margins(TracelakeConfig config, LocalDate date, Configuration hadoop)
      throws IOException {
    long margin = config.rebuild().dayMarginUs();
    if (margin == 0) {
      return List.of();
    }
    long dayStart = date.toEpochDay() * DAY_US;
    List<Margin> margins = new ArrayList<>();
    for (LocalDate neighbour : List.of(date.minusDays(1), date.plusDays(1))) {
      ParseSplit.Window window = neighbour.isBefore(date) ? new ParseSplit.Window(dayStart - margin, dayStart)
          : new ParseSplit.Window(dayStart + DAY_US, dayStart + DAY_US + margin);
      Path committed = DayPointer.partition(config.warehouse(), Tables.EVENTS, neighbour, hadoop);
      margins.add(committed != null
          ? new Margin(neighbour, window,
              TableFiles.parquetFiles(committed, hadoop).stream().map(Path::toString).toList(), List.of())
          : new Margin(neighbour, window, List.of(), InputFiles.resolveNeighbour(config, neighbour, date, hadoop)));
    }
    return margins;
  }

  /** Spark function: a neighbour's committed events file to its correlated events within the margin. */
  private static final class CommittedMargin implements PairFlatMapFunction<String, byte[], byte[]> {
    private static final long serialVersionUID = 1L;
    private final TaskConfiguration hadoop;
    private final ParseSplit.Window window;

    CommittedMargin(TaskConfiguration hadoop, ParseSplit.Window window) {
      this.hadoop = hadoop;
      this.window = window;
    }

    @Override
    public Iterator<Tuple2<byte[], byte[]>> call(String file) throws IOException {
      List<Tuple2<byte[], byte[]>> margin = new ArrayList<>();
      EventRecords.Encoder records = new EventRecords.Encoder();
      try (TableFiles.Rows rows = TableFiles.read(Tables.EVENTS, new Path(file), hadoop.value())) {
        for (RowView row = rows.next(); row != null; row = rows.next()) {
          long ts = row.timestampUs("ts");
          if (row.isNull("trace_id") || ts < window.fromUs() || ts >= window.toUs()) {
            continue;
          }
          TableCodecs.EventEntry event = TableCodecs.event(row);
          // a neighbour's events name files this run does not list: by their URI
          margin.add(new Tuple2<>(records.key(event.event().traceId(), ts, event.sourceFile(), event.lineNumber()),
              records.value(event, true)));
        }
      }
      return margin.iterator();
    }
  }
}
