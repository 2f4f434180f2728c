package io.tracelake.model;

/** Where an event's time came from: its own line, or, when the line has none, its container envelope. */
public enum TimeSource {
  /** The entry's own timestamp. */
  LINE("line"),
  /** The time a container runtime (Docker, CRI) stamped the line with, because the entry carries none. */
  ENVELOPE("envelope");

  private final String code;

  TimeSource(String code) {
    this.code = code;
  }

  /** The value of the events table's {@code time_source} column. */
  public String code() {
    return code;
  }
}
