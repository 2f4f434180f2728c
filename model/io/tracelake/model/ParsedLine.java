package io.tracelake.model;

/** What one input line became: exactly one of {@code event} and {@code reject} is set. */
public record ParsedLine(long lineNumber, LogEvent event, RejectedLine reject) {
  public ParsedLine {
    if ((event == null) == (reject == null)) {
      throw new IllegalArgumentException("exactly one of event and reject must be set");
    }
  }

  public static ParsedLine event(long lineNumber, LogEvent event) {
    return new ParsedLine(lineNumber, event, null);
  }

  public static ParsedLine reject(long lineNumber, RejectedLine reject) {
    return new ParsedLine(lineNumber, null, reject);
  }

  public boolean isEvent() {
    return event != null;
  }
}
