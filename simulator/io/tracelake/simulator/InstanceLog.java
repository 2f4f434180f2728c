package io.tracelake.simulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tracelake.simulator.DayFiles.DayFile;
import io.tracelake.model.Level;
import io.tracelake.model.SpanKind;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * The application log file of one service instance. Entries of requests still in flight wait in a small
 * buffer ordered by the host's clock, and are written once no later request can log anything earlier;
 * the file is thus sorted by timestamp without holding the day in memory. Each entry goes into the file
 * of the UTC day of its timestamp (see {@link DayFiles}).
 *
 * <p>Plain logstash JSON streams from Jackson straight into the file; every other format renders each
 * entry and hands it to a {@link LogOutput}, which may wrap it in a container runtime's envelope. When
 * entries are shipped twice, a drawn share of them is written again, byte for byte: half right after
 * the original, as a shipper's retry leaves it, half into the instance's {@code -resent} file.
 */
final class InstanceLog implements Closeable {
  /** One SERVER span in this many logs its response body, when bodies are logged. */
  private static final int BODY_ODDS = 64;

  private final Host host;
  private final LogstashLineEncoder logstash;
  private final EntryEncoder encoder;
  private final DayFiles files;
  private final DayFiles resent;
  private final StringBuilder entry = new StringBuilder(1 << 10);
  private final boolean bodies;
  private final IdMode ids;
  private final double duplicates;
  private final SplittableRandom duplicateDraws;
  private final PriorityQueue<LogLine> pending = new PriorityQueue<>();
  private long sequence;
  private long writtenThroughUs = Long.MIN_VALUE;
  private long duplicateEntries;
  private long duplicateLines;

  private InstanceLog(Host host, LogstashLineEncoder logstash, EntryEncoder encoder, DayFiles files, DayFiles resent,
      boolean bodies, IdMode ids, double duplicates, SplittableRandom duplicateDraws) {
    this.host = host;
    this.logstash = logstash;
    this.encoder = encoder;
    this.files = files;
    this.resent = resent;
    this.bodies = bodies;
    this.ids = ids;
    this.duplicates = duplicates;
    this.duplicateDraws = duplicateDraws;
  }

  /**
   * Opens the log of {@code host} with its file for {@code date}, which exists even when nothing is
   * logged that day; files of other days are opened when a line falls on them.
   *
   * @param zone the zone the instance logs in
   * @param detailed whether error entries carry their exception and response bodies are logged now and then
   * @param duplicates the share of entries written twice, drawn from {@code duplicateDraws}
   */
  static InstanceLog create(Host host, LogFiles paths, LocalDate date, JsonFactory factory, ServiceFormat format,
      ZoneOffset zone, boolean detailed, IdMode ids, double duplicates, SplittableRandom duplicateDraws)
      throws IOException {
    DayFiles files;
    InstanceLog log;
    // a repeated entry is copied from what was rendered, so only rendered formats can repeat one
    if (format.format() == AppLogFormat.LOGSTASH_JSON && format.envelope() == Envelope.NONE && duplicates == 0) {
      files = new DayFiles(day -> {
        Path file = paths.app(day, host);
        JsonGenerator json = factory.createGenerator(paths.open(file), JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
        return new DayFile(day, file, json);
      });
      log = new InstanceLog(host, new LogstashLineEncoder(host, zone, detailed, ids), null, files, null, detailed, ids,
          0, null);
    } else {
      files = new DayFiles(day -> {
        Path file = paths.app(day, host);
        return new DayFile(day, file, LogOutput.create(format.envelope(), paths.open(file), zone));
      });
      DayFiles resent = duplicates == 0 ? null : new DayFiles(day -> {
        Path file = paths.resent(day, host);
        // the copies are already in their envelope
        return new DayFile(day, file, LogOutput.create(Envelope.NONE, paths.open(file), zone));
      });
      log = new InstanceLog(host, null,
          EntryEncoder.create(format.format(), host, zone, processId(host), detailed, ids), files, resent, detailed,
          ids, duplicates, duplicateDraws);
    }
    try {
      files.of(date);
    } catch (IOException | RuntimeException e) {
      try {
        log.files.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
    return log;
  }

  Host host() {
    return host;
  }

  /**
   * Buffers the start entry, ordinary entries and end entry of {@code span}, at this host's clock, as far
   * as its {@link LineShape} writes them; returns how many. A span its instance does not log writes none.
   */
  int add(SimulatedSpan span) {
    if (span.unlogged) {
      return 0;
    }
    long skew = host.clockSkewUs();
    LineShape shape = span.lineShape;
    int entries = 0;
    if (shape != LineShape.ONE_LINE_AFTER) {
      enqueue(new LogLine(span.startUs + skew, sequence++, span, LogLine.Event.START, null));
      entries++;
    }
    for (SpanNote note : span.notes()) {
      if (!LoggingHabits.writes(span, note)) {
        continue;
      }
      if (ids == IdMode.REQUEST && note.message().equals(SpanWork.TRACEPARENT_NOTE)) {
        // without a tracer, what a client passes on is the request id
        note = new SpanNote(note.timeUs(), note.level(), SpanWork.REQUEST_ID_NOTE);
      }
      enqueue(new LogLine(note.timeUs() + skew, sequence++, span, LogLine.Event.NOTE, note));
      entries++;
    }
    if (shape == LineShape.ENCLOSING && bodies && span.kind == SpanKind.SERVER
        && ResponseBodies.logs(span, BODY_ODDS)) {
      SpanNote body = new SpanNote((span.startUs + span.endUs) / 2, Level.DEBUG, ResponseBodies.message(span, ids));
      enqueue(new LogLine(body.timeUs() + skew, sequence++, span, LogLine.Event.NOTE, body));
      entries++;
    }
    if (shape == LineShape.ENCLOSING || shape == LineShape.ONE_LINE_AFTER) {
      enqueue(new LogLine(span.endUs + skew, sequence++, span, LogLine.Event.END, null));
      entries++;
    }
    return entries;
  }

  /** Writes every buffered entry the host logged before {@code hostTimeUs}. */
  void writeBefore(long hostTimeUs) throws IOException {
    while (!pending.isEmpty() && pending.peek().hostTimeUs < hostTimeUs) {
      LogLine line = pending.poll();
      DayFile file = files.at(line.hostTimeUs);
      if (file.json != null) {
        logstash.encode(line, file.json);
        file.countJsonLine();
      } else {
        entry.setLength(0);
        encoder.encode(line, entry);
        file.output.write(line.hostTimeUs, line.level() == Level.ERROR, entry);
        if (duplicates > 0 && duplicateDraws.nextDouble() < duplicates) {
          DayFile copy = duplicateDraws.nextBoolean() ? file : resent.of(file.day);
          duplicateLines += file.output.repeatLastInto(copy.output);
          duplicateEntries++;
        }
      }
      writtenThroughUs = line.hostTimeUs;
    }
  }

  /** Every file of this log: one per day it has lines on, and the files of entries sent again. */
  List<DayFile> files() {
    List<DayFile> all = new ArrayList<>(files.files());
    if (resent != null) {
      all.addAll(resent.files());
    }
    return all;
  }

  /** Entries written a second time. */
  long duplicateEntries() {
    return duplicateEntries;
  }

  /** Physical lines of the entries written a second time. */
  long duplicateLines() {
    return duplicateLines;
  }

  @Override
  public void close() throws IOException {
    try {
      writeBefore(Long.MAX_VALUE);
    } finally {
      try {
        files.close();
      } finally {
        if (resent != null) {
          resent.close();
        }
      }
    }
  }

  /** The process id of the service on this host, the same whatever its format. */
  static int processId(Host host) {
    return 1000 + Math.floorMod(host.instance().hashCode() * 7919, 60_000);
  }

  private void enqueue(LogLine line) {
    if (line.hostTimeUs < writtenThroughUs) {
      // would break the file's order: a request outlived what the caller promised when it flushed
      throw new IllegalStateException("a line of " + host.instance() + " at " + line.hostTimeUs
          + " µs came after lines up to " + writtenThroughUs + " µs were written");
    }
    pending.add(line);
  }
}
