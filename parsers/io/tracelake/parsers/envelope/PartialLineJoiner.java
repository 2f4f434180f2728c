package io.tracelake.parsers.envelope;

import java.util.Arrays;

/**
 * Joins the pieces of split lines back together, per stream: a runtime splits stdout and stderr
 * independently, so a piece of an stdout line may be followed by a whole stderr line before the rest
 * of it comes. Feed it every {@link UnwrappedLine} in file order; it returns each line once its last
 * piece has arrived, and {@link #flush()} hands over what is left at the end of the input.
 *
 * <p>A line is kept up to {@code maxLineBytes}; the rest of a longer one is counted but not stored
 * (the line comes back {@link JoinedLine#truncated()}), so no line costs more memory than the limit.
 * A UTF-8 byte order mark at the start of a line and a CR at its end are dropped. A line that is a
 * single whole piece is returned in place, without copying. Not thread-safe.
 */
public final class PartialLineJoiner {

  private static final int STDOUT = 0;
  private static final int STDERR = 1;
  private static final int OTHER = 2;

  private final int maxLineBytes;
  private final Pending[] pending = {new Pending(), new Pending(), new Pending()};

  /** A line of one stream whose last piece has not come yet. */
  private static final class Pending {
    byte[] bytes = new byte[0];
    int length;
    long originalLength;
    long timeUs;
    String stream;
    long firstLineNumber;
    int pieces;

    boolean active() {
      return pieces > 0;
    }
  }

  public PartialLineJoiner(int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("Invalid maximum line length: " + maxLineBytes);
    }
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Adds the next piece read.
   *
   * @param lineNumber the file line number the piece came from
   * @return the line this piece completes, or null while its stream's line is still partial; its bytes
   *     stay valid until the next call on this joiner (or, for a single-piece line, until the piece's
   *     buffer changes)
   */
  public JoinedLine add(UnwrappedLine piece, long lineNumber) {
    Pending line = pending[slotOf(piece.stream())];
    if (!line.active() && !piece.partial()) {
      return whole(piece, lineNumber);
    }
    if (!line.active()) {
      line.timeUs = piece.timeUs();
      line.stream = piece.stream();
      line.firstLineNumber = lineNumber;
      int bom = bomLength(piece.buffer(), piece.offset(), piece.length());
      append(line, piece.buffer(), piece.offset() + bom, piece.length() - bom);
    } else {
      append(line, piece.buffer(), piece.offset(), piece.length());
    }
    line.pieces++;
    return piece.partial() ? null : complete(line, true);
  }

  /**
   * At the end of the input: the next line left without its last piece, or null when none is left.
   * Call until it returns null.
   */
  public JoinedLine flush() {
    for (Pending line : pending) {
      if (line.active()) {
        return complete(line, false);
      }
    }
    return null;
  }

  /** True while some stream has a line waiting for its last piece. */
  public boolean hasPending() {
    for (Pending line : pending) {
      if (line.active()) {
        return true;
      }
    }
    return false;
  }

  private JoinedLine whole(UnwrappedLine piece, long lineNumber) {
    int bom = bomLength(piece.buffer(), piece.offset(), piece.length());
    int start = piece.offset() + bom;
    int length = piece.length() - bom;
    if (length > 0 && piece.buffer()[start + length - 1] == '\r') {
      length--;
    }
    return new JoinedLine(piece.buffer(), start, Math.min(length, maxLineBytes), length, piece.timeUs(),
        piece.stream(), lineNumber, 1, true);
  }

  private JoinedLine complete(Pending line, boolean complete) {
    int length = line.length;
    long originalLength = line.originalLength;
    if (length > 0 && length == originalLength && line.bytes[length - 1] == '\r') {
      length--;
      originalLength--;
    }
    JoinedLine joined = new JoinedLine(line.bytes, 0, length, originalLength, line.timeUs, line.stream,
        line.firstLineNumber, line.pieces, complete);
    line.length = 0;
    line.originalLength = 0;
    line.pieces = 0;
    line.stream = null;
    return joined;
  }

  private void append(Pending line, byte[] src, int off, int len) {
    line.originalLength += len;
    int take = Math.min(maxLineBytes - line.length, len);
    if (take <= 0) {
      return;
    }
    if (line.length + take > line.bytes.length) {
      int capacity = Math.min(maxLineBytes, Math.max(Math.max(256, line.bytes.length * 2), line.length + take));
      line.bytes = Arrays.copyOf(line.bytes, capacity);
    }
    System.arraycopy(src, off, line.bytes, line.length, take);
    line.length += take;
  }

  private static int slotOf(String stream) {
    if (UnwrappedLine.STDOUT.equals(stream)) {
      return STDOUT;
    }
    return UnwrappedLine.STDERR.equals(stream) ? STDERR : OTHER;
  }

  private static int bomLength(byte[] bytes, int off, int len) {
    return len >= 3 && (bytes[off] & 0xff) == 0xEF && (bytes[off + 1] & 0xff) == 0xBB && (bytes[off + 2] & 0xff) == 0xBF
        ? 3 : 0;
  }
}
