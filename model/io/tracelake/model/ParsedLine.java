package io.tracelake.model;

/**
 * What one entry of a file became: exactly one of {@code event} and {@code reject} is set. An entry is
 * one line, or several: continuation lines (a stack trace) folded into an event, or the pieces of a
 * line a container runtime split. It starts at {@code lineNumber} and spans {@code lineCount} lines;
 * the second and later records of a line that holds several (an OTLP/JSON batch) span 0, so that
 * the line is counted once.
 */
public record ParsedLine(long lineNumber, int lineCount, LogEvent event, RejectedLine reject) {
  public ParsedLine {
    if ((event == null) == (reject == null)) {
      throw new IllegalArgumentException("exactly one of event and reject must be set");
    }
    if (lineCount < 0) {
      throw new IllegalArgumentException("an entry cannot span a negative number of lines: " + lineCount);
    }
  }

  public static ParsedLine event(long lineNumber, int lineCount, LogEvent event) {
    return new ParsedLine(lineNumber, lineCount, event, null);
  }

  public static ParsedLine reject(long lineNumber, RejectedLine reject) {
    return new ParsedLine(lineNumber, 1, null, reject);
  }

  public static ParsedLine reject(long lineNumber, int lineCount, RejectedLine reject) {
    return new ParsedLine(lineNumber, lineCount, null, reject);
  }

  public boolean isEvent() {
    return event != null;
  }
}
