package io.tracelake.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One log of one instance as files per UTC day of its host's clock: each line goes into the file of the
 * day its timestamp falls on, so a request that runs across midnight leaves lines in two days'
 * directories. A log is written in time order, so it moves from one day's file to the next and back
 * never.
 */
final class DayFiles implements Closeable {
  static final long MICROS_PER_DAY = 86_400_000_000L;

  /** Opens the file of a day. */
  interface Opener {
    DayFile open(LocalDate day) throws IOException;
  }

  private final Opener opener;
  private final Map<LocalDate, DayFile> files = new TreeMap<>();
  private DayFile current;
  private long currentEpochDay = Long.MIN_VALUE;

  DayFiles(Opener opener) {
    this.opener = opener;
  }

  /** The file of {@code day}, opened now if it is not yet. */
  DayFile of(LocalDate day) throws IOException {
    DayFile file = files.get(day);
    if (file == null) {
      file = opener.open(day);
      files.put(day, file);
    }
    return file;
  }

  /** The file of the day {@code hostTimeUs} falls on. */
  DayFile at(long hostTimeUs) throws IOException {
    long epochDay = Math.floorDiv(hostTimeUs, MICROS_PER_DAY);
    if (epochDay != currentEpochDay) {
      current = of(LocalDate.ofEpochDay(epochDay));
      currentEpochDay = epochDay;
    }
    return current;
  }

  Collection<DayFile> files() {
    return files.values();
  }

  @Override
  public void close() throws IOException {
    IOException first = null;
    for (DayFile file : files.values()) {
      try {
        file.close();
      } catch (IOException e) {
        IOException named = new IOException("Could not finish " + file.file + ": " + e.getMessage(), e);
        if (first == null) {
          first = named;
        } else {
          first.addSuppressed(named);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** One day's file: rendered entries go through a {@link LogOutput}, plain logstash JSON streams from Jackson. */
  static final class DayFile implements Closeable {
    final LocalDate day;
    final Path file;
    final LogOutput output;
    final JsonGenerator json;
    private long jsonLines;

    DayFile(LocalDate day, Path file, LogOutput output) {
      this(day, file, output, null);
    }

    DayFile(LocalDate day, Path file, JsonGenerator json) {
      this(day, file, null, json);
    }

    private DayFile(LocalDate day, Path file, LogOutput output, JsonGenerator json) {
      this.day = day;
      this.file = file;
      this.output = output;
      this.json = json;
    }

    void countJsonLine() {
      jsonLines++;
    }

    /** Physical lines written so far. */
    long lines() {
      return json != null ? jsonLines : output.lines();
    }

    @Override
    public void close() throws IOException {
      if (json != null) {
        json.close();
      } else {
        output.close();
      }
    }
  }

  /** Closes every log, all of them even when one fails; the first failure is thrown, the rest suppressed. */
  static void closeAll(List<? extends Closeable> logs) throws IOException {
    IOException first = null;
    for (Closeable log : new ArrayList<>(logs)) {
      try {
        log.close();
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
