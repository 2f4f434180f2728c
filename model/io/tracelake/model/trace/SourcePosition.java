package io.tracelake.model.trace;

import io.tracelake.model.LogEvent;
import java.util.Objects;

/**
 * Where an event was read: its file and line. The nightly job hands them to the rebuild as event
 * attributes under these names, because they are the evidence that tells a line shipped twice (another
 * file, or the very same line read twice) from a line logged twice (the same file, another line).
 */
public record SourcePosition(String file, long line) {
  public static final String FILE_ATTRIBUTE = "tracelake.source_file";
  public static final String LINE_ATTRIBUTE = "tracelake.line_number";

  /** The position of {@code event}, or null when it was not recorded (then nothing says it is a copy). */
  static SourcePosition of(LogEvent event) {
    String file = event.attribute(FILE_ATTRIBUTE);
    String line = event.attribute(LINE_ATTRIBUTE);
    if (file == null || line == null) {
      return null;
    }
    try {
      return new SourcePosition(file, Long.parseLong(line));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** True when a line read here and an identical line read at {@code other} are one line shipped twice. */
  boolean reshipmentOf(SourcePosition other) {
    return !Objects.equals(file, other.file) || line == other.line;
  }
}
