package io.tracelake.model;

/**
 * What one entry of a file became: exactly one of {@code event} and {@code reject} is set. An entry is
 * one line, or for an event several when continuation lines (a stack trace) were folded into it:
 * it starts at {@code lineNumber} and spans {@code lineCount} lines.
 */
public record ParsedLine(long lineNumber, int lineCount, LogEvent event, RejectedLine reject) {
  public ParsedLine {
    if ((event == null) == (reject == null)) {
      throw new IllegalArgumentException("exactly one of event and reject must be set");
    }
    if (lineCount < 1 || (reject != null && lineCount != 1)) {
      throw new IllegalArgumentException("an entry spans at least one line, a reject exactly one: " + lineCount);
    }
  }

  public static ParsedLine event(long lineNumber, int lineCount, LogEvent event) {
    return new ParsedLine(lineNumber, lineCount, event, null);
  }

  public static ParsedLine reject(long lineNumber, RejectedLine reject) {
    return new ParsedLine(lineNumber, 1, null, reject);
  }

  public boolean isEvent() {
    return event != null;
  }
}
