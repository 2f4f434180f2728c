package io.tracelake.jobs.run;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectedLine;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParsers;
import io.tracelake.parsers.LogFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import scala.collection.JavaConverters;

/**
 * Spark function: one input file to its event rows ({@link ParsedRows#EVENTS}) or its reject rows
 * ({@link ParsedRows#REJECTS}), streamed. Every entry is tallied either way; the file's
 * {@link FileStats} go to the accumulator, when given, once the file is read. A file that fails
 * part-way keeps the entries read before the failure, and its stats carry the error instead of
 * failing the task.
 */
final class ParseLogFile implements FlatMapFunction<InputFile, Row> {
  private static final long serialVersionUID = 1L;

  /** Which rows to emit. */
  enum Keep { EVENTS, REJECTS }

  private final SerializableConfiguration hadoop;
  private final LocalDate date;
  private final Keep keep;
  private final CollectionAccumulator<FileStats> stats;

  /** @param stats where each file's stats go, or null */
  ParseLogFile(SerializableConfiguration hadoop, LocalDate date, Keep keep, CollectionAccumulator<FileStats> stats) {
    this.hadoop = hadoop;
    this.date = date;
    this.keep = keep;
    this.stats = stats;
  }

  @Override
  public Iterator<Row> call(InputFile file) {
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
    return new ReadAheadIterator<>() {
      private boolean done;

      @Override
      protected boolean exhausted() {
        return done;
      }

      @Override
      protected Row step() {
        try {
          if (!entries.hasNext()) {
            finish(null);
            return null;
          }
          ParsedLine entry = entries.next();
          if (entry.isEvent()) {
            LogEvent e = entry.event();
            tally.events++;
            tally.eventLines += entry.lineCount();
            tally.eventsWithTraceId += e.traceId() == null ? 0 : 1;
            if (keep == Keep.EVENTS) {
              return eventRow(file, entry);
            }
          } else {
            tally.rejectsByReason.merge(entry.reject().reason().code(), 1L, Long::sum);
            tally.rejectLines += entry.lineCount();
            if (keep == Keep.REJECTS) {
              return rejectRow(file, entry);
            }
          }
        } catch (UncheckedIOException e) {
          finish(e.getMessage());
        }
        return null;
      }

      private void finish(String error) {
        done = true;
        // a split reads lines past its end and skips some at its start: its lines are its entries' lines
        tally.lines = file.isSplit() ? tally.eventLines + tally.rejectLines : entries.linesRead();
        tally.error = error;
        try {
          in.close();
        } catch (IOException e) {
          // the data is read; a failing close loses nothing
        }
        report(tally);
      }
    };
  }

  private void report(FileStats tally) {
    if (stats != null) {
      stats.add(tally);
    }
  }

  private static Row eventRow(InputFile file, ParsedLine line) {
    LogEvent e = line.event();
    return RowFactory.create(e.timestampUs(), e.level(), e.service(), e.instance(), e.logger(), e.thread(),
        e.message(), e.traceId(), e.spanId(), e.parentSpanId(), JavaConverters.mapAsScalaMap(e.attributes()),
        file.source().name(), file.uri(), line.lineNumber(), line.lineCount(), e.requestId(), e.exceptionType(),
        e.exceptionMessage(), e.httpMethod(), e.httpPath(), e.httpStatus(), e.durationUs(), e.stream());
  }

  private static Row rejectRow(InputFile file, ParsedLine line) {
    RejectedLine r = line.reject();
    return RowFactory.create(r.reason().code(), r.detail(), r.raw(), r.rawBytes(), file.source().name(), file.uri(),
        line.lineNumber(), line.lineCount());
  }
}
