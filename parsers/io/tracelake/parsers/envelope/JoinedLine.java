package io.tracelake.parsers.envelope;

/**
 * One line of an app, joined from the pieces its runtime split it into: the bytes
 * {@code buffer[offset, offset + length)}, cut at the joiner's limit when the line was longer
 * ({@code originalLength} keeps its length), the time and stream of its first piece, the file line
 * number of its first piece, and how many pieces it had. {@code complete} is false for a line whose
 * last piece never came (the file ended, or the runtime stopped, mid-line).
 */
public record JoinedLine(byte[] buffer, int offset, int length, long originalLength, long timeUs, String stream,
    long firstLineNumber, int pieces, boolean complete) {

  /** True when the line was longer than the joiner's limit and only its start is kept. */
  public boolean truncated() {
    return originalLength > length;
  }
}
