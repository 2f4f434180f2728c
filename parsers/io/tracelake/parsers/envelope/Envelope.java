package io.tracelake.parsers.envelope;

import io.tracelake.parsers.LineRejectedException;

/**
 * The wrapping a container runtime puts around each line an app writes (Docker's json-file driver,
 * Kubernetes' CRI log format). Unwrapping gives back the app's line, to be joined with its other pieces
 * by a {@link PartialLineJoiner} and then parsed as the app's own format.
 *
 * <p>Implementations are not thread-safe: each reuses a buffer from one line to the next.
 */
public interface Envelope {

  /**
   * @param line raw UTF-8 bytes; the line is {@code line[off, off + len)}, without its terminator
   * @return the piece inside; its bytes stay valid until the next call on this envelope or until the
   *     caller's {@code line} buffer changes, whichever comes first
   * @throws LineRejectedException with {@code BAD_ENVELOPE} when the line is not a well-formed envelope
   */
  UnwrappedLine unwrap(byte[] line, int off, int len) throws LineRejectedException;
}
