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
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.SerializableConfiguration;
import scala.collection.JavaConverters;

/**
 * Spark function: one input file to its {@link ParsedRows}, streamed. A file that fails part-way
 * keeps the lines read before the failure, and its file row carries the error instead of failing
 * the task.
 */
final class ParseLogFile implements FlatMapFunction<InputFile, Row> {
  private static final long serialVersionUID = 1L;

  private final SerializableConfiguration hadoop;
  private final LocalDate date;

  ParseLogFile(SerializableConfiguration hadoop, LocalDate date) {
    this.hadoop = hadoop;
    this.date = date;
  }

  @Override
  public Iterator<Row> call(InputFile file) {
    SourceSettings source = file.source();
    InputStream in;
    try {
      in = CompressedInput.open(file.uri(), hadoop.value());
    } catch (IOException | RuntimeException e) {
      return java.util.List.of(fileRow(file, 0, "cannot open: " + e)).iterator();
    }
    LogFileParser lines = LineParsers.forFile(in, source.parser(), new FileContext(date, source.parser().zone()),
        source.defaultService(file.uri()), source.defaultInstance(file.uri()), source.maxLineBytes());
    return new Iterator<>() {
      private boolean fileRowSent;

      @Override
      public boolean hasNext() {
        return !fileRowSent;
      }

      @Override
      public Row next() {
        if (fileRowSent) {
          throw new NoSuchElementException();
        }
        try {
          if (lines.hasNext()) {
            return toRow(file, lines.next());
          }
          return finish(null);
        } catch (UncheckedIOException e) {
          return finish(e.getMessage());
        }
      }

      private Row finish(String error) {
        fileRowSent = true;
        try {
          in.close();
        } catch (IOException e) {
          // the data is read; a failing close loses nothing
        }
        return fileRow(file, lines.linesRead(), error);
      }
    };
  }

  private static Row toRow(InputFile file, ParsedLine line) {
    String source = file.source().name();
    if (line.isEvent()) {
      LogEvent e = line.event();
      return RowFactory.create(ParsedRows.EVENT, e.timestampUs(), e.level(), e.service(), e.instance(), e.logger(),
          e.thread(), e.message(), e.traceId(), e.spanId(), e.parentSpanId(),
          JavaConverters.mapAsScalaMap(e.attributes()),
          null, null, null, null, source, file.uri(), line.lineNumber(), line.lineCount(),
          e.requestId(), e.exceptionType(), e.exceptionMessage(), e.httpMethod(), e.httpPath(), e.httpStatus(),
          e.durationUs(), e.stream());
    }
    RejectedLine r = line.reject();
    return RowFactory.create(ParsedRows.REJECT, null, null, null, null, null, null, null, null, null, null, null,
        r.reason().code(), r.detail(), r.raw(), r.rawBytes(), source, file.uri(), line.lineNumber(), 1,
        null, null, null, null, null, null, null, null);
  }

  private static Row fileRow(InputFile file, long lines, String error) {
    return RowFactory.create(ParsedRows.FILE, null, null, null, null, null, null, null, null, null, null, null,
        null, error, null, null, file.source().name(), file.uri(), lines, 0,
        null, null, null, null, null, null, null, null);
  }
}
