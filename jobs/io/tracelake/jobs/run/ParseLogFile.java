package io.tracelake.jobs.run;

import static io.tracelake.jobs.run.CatalystValues.utf8;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectedLine;
import io.tracelake.model.TimeSource;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParsers;
import io.tracelake.parsers.LogFileParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.util.CollectionAccumulator;
import org.apache.spark.util.SerializableConfiguration;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Spark function: one input file to its event rows, in Spark's internal form, ({@link ParsedRows#EVENTS}) or its reject rows
 * ({@link ParsedRows#REJECTS}), streamed. Every entry is tallied either way; the file's
 * {@link FileStats} go to the accumulator, when given, once the file is read. A file that fails
 * part-way keeps the entries read before the failure, and its stats carry the error instead of
 * failing the task.
 */
final class ParseLogFile implements FlatMapFunction<InputFile, InternalRow> {
  private static final long serialVersionUID = 1L;
  /** {@code events.time_source} per {@link TimeSource}, encoded once rather than for every row. */
  private static final UTF8String[] TIME_SOURCE_CODES = Arrays.stream(TimeSource.values())
      .map(source -> UTF8String.fromString(source.code())).toArray(UTF8String[]::new);

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
  public Iterator<InternalRow> call(InputFile file) {
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
      protected InternalRow step() {
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

  private static InternalRow eventRow(InputFile file, ParsedLine line) {
    LogEvent e = line.event();
    return new GenericInternalRow(new Object[] {e.timestampUs(), utf8(e.level()), utf8(e.service()),
        utf8(e.instance()), utf8(e.logger()), utf8(e.thread()), utf8(e.message()), utf8(e.traceId()),
        utf8(e.spanId()), utf8(e.parentSpanId()), CatalystValues.map(e.attributes()), utf8(file.source().name()),
        utf8(file.uri()), line.lineNumber(), line.lineCount(), utf8(e.requestId()), utf8(e.exceptionType()),
        utf8(e.exceptionMessage()), utf8(e.httpMethod()), utf8(e.httpPath()), e.httpStatus(), e.durationUs(),
        utf8(e.stream()), TIME_SOURCE_CODES[e.timeSource().ordinal()]});
  }

  private static InternalRow rejectRow(InputFile file, ParsedLine line) {
    RejectedLine r = line.reject();
    return new GenericInternalRow(new Object[] {utf8(r.reason().code()), utf8(r.detail()), utf8(r.raw()),
        r.rawBytes(), utf8(file.source().name()), utf8(file.uri()), line.lineNumber(), line.lineCount()});
  }
}
