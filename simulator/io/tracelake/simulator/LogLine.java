package io.tracelake.simulator;

import io.tracelake.model.Level;
import io.tracelake.model.SpanKind;

/**
 * One log entry waiting in an instance's buffer: the span it belongs to and which of its entries it is, at
 * the host's clock. Rendered only when it is written, so the buffer stays small.
 */
final class LogLine implements Comparable<LogLine> {
  enum Event { START, NOTE, END }

  final long hostTimeUs;
  /** Order of arrival in the buffer: lines at the same instant keep the order they were logged in. */
  final long sequence;
  final SimulatedSpan span;
  final Event event;
  /** The ordinary line, for {@link Event#NOTE}; null otherwise. */
  final SpanNote note;

  LogLine(long hostTimeUs, long sequence, SimulatedSpan span, Event event, SpanNote note) {
    this.hostTimeUs = hostTimeUs;
    this.sequence = sequence;
    this.span = span;
    this.event = event;
    this.note = note;
  }

  /** Requests served and messages consumed are logged at INFO; outgoing calls and internal work at DEBUG. */
  Level level() {
    switch (event) {
      case START:
        return ordinaryLevel(span);
      case END:
        return span.error() ? Level.ERROR : ordinaryLevel(span);
      default:
        return note.level();
    }
  }

  String message() {
    switch (event) {
      case START:
        return span.startMessage;
      case END:
        return endMessage(span);
      default:
        return note.message();
    }
  }

  /** True for the end line of a failed span: the one that logs the exception. */
  boolean failure() {
    return event == Event.END && span.error();
  }

  static String endMessage(SimulatedSpan span) {
    long millis = (span.endUs - span.startUs + 500) / 1000;
    if (span.error()) {
      return span.name + " failed: " + span.failure + " (completed in " + millis + " ms)";
    }
    return span.name + " completed in " + millis + " ms";
  }

  private static Level ordinaryLevel(SimulatedSpan span) {
    return span.kind == SpanKind.SERVER || span.kind == SpanKind.CONSUMER ? Level.INFO : Level.DEBUG;
  }

  @Override
  public int compareTo(LogLine other) {
    int byTime = Long.compare(hostTimeUs, other.hostTimeUs);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }
}
