package io.tracelake.model;

/** Where a span's start and end came from, best first; {@link #code()} is what the spans table stores. */
public enum TimingSource implements Coded {
  /** Lines that mark the start and the end: span markers, or a "request received" line and a "completed" line. */
  MARKERS("markers"),
  /** An end line that says how long the work took ("completed in 41 ms"): the start is the end minus that. */
  DURATION("duration"),
  /** An access-log line: it is written when the response went out and carries the request's duration. */
  ACCESS_LOG("access_log"),
  /** Nothing better: the span's first and last event. */
  FIRST_LAST_EVENT("first_last_event"),
  /** A root made up for spans whose parent logged nothing: it covers its children. */
  CHILDREN("children");

  private final String code;

  TimingSource(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }
}
