package io.tracelake.jobs.run;

import io.tracelake.jobs.config.RebuildConfig;
import io.tracelake.jobs.warehouse.TableCodecs;
import io.tracelake.jobs.warehouse.TableCodecs.EventEntry;
import io.tracelake.jobs.warehouse.TableCodecs.RejectEntry;
import io.tracelake.jobs.warehouse.TableFileWriter;
import io.tracelake.jobs.warehouse.TaskConfiguration;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.trace.ServiceCalls;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParsers;
import io.tracelake.parsers.LogFileParser;
import io.tracelake.parsers.redaction.Redactor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.PairFlatMapFunction;
import org.apache.spark.util.CollectionAccumulator;
import scala.Tuple2;

/**
 * Spark function: one input split, each line parsed once. Correlated events go on to the shuffle as compact
 * records ({@link EventRecords}); rejects and events without a trace id skip it: this task writes them to files
 * of its own (names unique to the attempt, listed in its {@link FileStats}, which go to the accumulator once the
 * split is read and the files closed). A file that fails part-way keeps the entries read before the failure,
 * and its stats carry the error instead of failing the task.
 *
 * <p>For a neighbour day's margin ({@code window} set) only the correlated events within the window come out,
 * flagged as margin; nothing is written or tallied.
 */
final class ParseSplit implements PairFlatMapFunction<ParseSplit.Numbered, byte[], byte[]> {
  private static final long serialVersionUID = 1L;

  /**
   * A split with its file's number in the run's {@link SourceFiles}: each task gets its own number, rather than
   * every task the list of the day's files (which may be tens of thousands).
   */
  record Numbered(InputFile file, int fileNumber) implements java.io.Serializable {

    static List<Numbered> of(List<InputFile> splits, SourceFiles files) {
      return splits.stream().map(split -> new Numbered(split, files.number(split.uri()))).toList();
    }
  }

  /** A neighbour day's margin: the events in [fromUs, toUs). */
  record Window(long fromUs, long toUs) implements java.io.Serializable {}

  private final TaskConfiguration hadoop;
  private final LocalDate date;
  private final String rejectsDir;
  private final String eventsDir;
  private final CollectionAccumulator<FileStats> stats;
  private final Window window;
  /** For the evidence patterns the split's lines are read with for {@link ServiceCalls}; null in a margin. */
  private final RebuildConfig rebuild;

  /** The day's own splits: rejects and uncorrelated events written under the two staging directories. */
  ParseSplit(TaskConfiguration hadoop, LocalDate date, String rejectsDir, String eventsDir,
      CollectionAccumulator<FileStats> stats, RebuildConfig rebuild) {
    this(hadoop, date, rejectsDir, eventsDir, stats, null, rebuild);
  }

  private ParseSplit(TaskConfiguration hadoop, LocalDate date, String rejectsDir, String eventsDir,
      CollectionAccumulator<FileStats> stats, Window window, RebuildConfig rebuild) {
    this.hadoop = hadoop;
    this.date = date;
    this.rejectsDir = rejectsDir;
    this.eventsDir = eventsDir;
    this.stats = stats;
    this.window = window;
    this.rebuild = rebuild;
  }

  /** A neighbour day's files: only its correlated events within {@code window}, as margin records. */
  static ParseSplit margin(TaskConfiguration hadoop, LocalDate neighbour, Window window) {
    return new ParseSplit(hadoop, neighbour, null, null, null, window, null);
  }

  @Override
  public Iterator<Tuple2<byte[], byte[]>> call(Numbered split) {
    InputFile file = split.file();
    int fileNumber = split.fileNumber();
    if (fileNumber == SourceFiles.UNLISTED) {
      throw new IllegalStateException("not among the run's files: " + file.uri());
    }
    FileStats tally = new FileStats(file.uri(), file.start());
    SourceSettings source = file.source();
    InputStream in;
    LogFileParser entries;
    try {
      in = file.isSplit() ? CompressedInput.openAt(file.uri(), Math.max(0, file.start() - 1), hadoop.value())
          : CompressedInput.open(file.uri(), hadoop.value());
      entries = LineParsers.forFile(in, source.parser(), new FileContext(date, source.parser().zone()),
          source.defaultService(file.uri()), source.defaultInstance(file.uri()), source.maxLineBytes());
      if (file.isSplit()) {
        entries.forSplit(file.start(), file.end(), file.newlinesBefore());
      }
    } catch (IOException | RuntimeException e) {
      tally.error = "cannot open: " + e;
      report(tally);
      return Collections.emptyIterator();
    }
    String sourceName = source.name();
    Redactor redactor = new Redactor(source.redaction());
    ServiceCalls.Collector calls = rebuild == null ? null : new ServiceCalls.Collector(rebuild.options().evidence());
    tally.calls = calls;
    return new ReadAheadIterator<>() {
      private boolean done;
      private TableFileWriter<RejectEntry> rejects;
      private TableFileWriter<EventEntry> uncorrelated;
      private final EventRecords.Encoder records = new EventRecords.Encoder();

      @Override
      protected boolean exhausted() {
        return done;
      }

      @Override
      protected Tuple2<byte[], byte[]> step() {
        ParsedLine entry;
        try {
          entry = entries.hasNext() ? entries.next() : null;
        } catch (UncheckedIOException e) {
          finish(e.getMessage());
          return null;
        } catch (RuntimeException | StackOverflowError e) {
          // nothing a line holds should get here (parsers turn bad lines into rejects); when something does,
          // the run's failure names the file and the line that caused it
          throw new LineFailure(file.uri(), entries.linesRead(), false, e);
        }
        if (entry == null) {
          finish(null);
          return null;
        }
        try {
          return handle(entry);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the rejects or events of " + file.uri(), e);
        } catch (UncheckedIOException e) {
          throw e;
        } catch (RuntimeException | StackOverflowError e) {
          throw new LineFailure(file.uri(), entry.lineNumber(), true, e);
        }
      }

      /** The entry's shuffle record, or null when this task writes it (or, in a margin, drops it). */
      private Tuple2<byte[], byte[]> handle(ParsedLine parsed) throws IOException {
        // before anything is written: the task's own files, and the shuffle, whose spill files are written too
        ParsedLine entry = redactor.redact(parsed);
        if (entry.isEvent()) {
          LogEvent e = entry.event();
          tally.events++;
          tally.eventLines += entry.lineCount();
          EventEntry event = new EventEntry(e, sourceName, file.uri(), entry.lineNumber(), entry.lineCount());
          if (e.traceId() != null) {
            tally.eventsWithTraceId++;
            if (window != null && (e.timestampUs() < window.fromUs() || e.timestampUs() >= window.toUs())) {
              return null;
            }
            Tuple2<byte[], byte[]> record = new Tuple2<>(
                records.key(e.traceId(), e.timestampUs(), fileNumber, entry.lineNumber()),
                records.value(event, window != null));
            if (calls != null) {
              calls.read(e); // after the record: the event's message and attributes are still in the CPU's cache
            }
            return record;
          }
          if (window == null) {
            if (uncorrelated == null) {
              uncorrelated = open(TableCodecs.EVENTS, eventsDir, "uncorrelated");
            }
            uncorrelated.write(event);
          }
        } else {
          tally.rejectsByReason.merge(entry.reject().reason().code(), 1L, Long::sum);
          tally.rejectLines += entry.lineCount();
          if (window == null) {
            if (rejects == null) {
              rejects = open(TableCodecs.REJECTS, rejectsDir, "rejects");
            }
            rejects.write(new RejectEntry(entry.reject(), sourceName, file.uri(), entry.lineNumber(),
                entry.lineCount()));
          }
        }
        return null;
      }

      private <T> TableFileWriter<T> open(io.tracelake.jobs.warehouse.RowCodec<T> codec, String dir, String what)
          throws IOException {
        TaskContext task = TaskContext.get();
        Path path = new Path(dir, String.format(java.util.Locale.ROOT, "%s-%05d-%d.parquet", what,
            task == null ? 0 : task.partitionId(), task == null ? 0 : task.taskAttemptId()));
        // events without a trace id and rejects come in the order the split was read, not the tables' sort order
        return TableFileWriter.createInArrivalOrder(codec, path, hadoop.value(), TableFileWriter.MIN_BLOOM_NDV);
      }

      private void finish(String error) {
        done = true;
        // a split reads lines past its end and skips some at its start: its lines are its entries' lines
        tally.lines = file.isSplit() ? tally.eventLines + tally.rejectLines : entries.linesRead();
        tally.error = error;
        tally.redactedByRule.putAll(redactor.counts());
        tally.redactedEntries = redactor.entriesChanged();
        try {
          in.close();
        } catch (IOException e) {
          // the data is read; a failing close loses nothing
        }
        try {
          for (TableFileWriter<?> writer : new TableFileWriter<?>[] {rejects, uncorrelated}) {
            if (writer != null) {
              writer.close();
              tally.files.add(writer.path().toString());
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the rejects or events of " + file.uri(), e);
        }
        if (window == null) {
          FailFirstAttempt.check(hadoop.value(), "parse");
          report(tally);
        }
      }
    };
  }

  private void report(FileStats tally) {
    if (stats != null) {
      stats.add(tally);
    }
  }
}
