package io.tracelake.jobs.generate;

/**
 * One line waiting in an instance's buffer: the span it belongs to and which of its lines it is, at the
 * host's clock. Rendered to JSON only when it is written, so the buffer stays small.
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

  @Override
  public int compareTo(LogLine other) {
    int byTime = Long.compare(hostTimeUs, other.hostTimeUs);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }
}
