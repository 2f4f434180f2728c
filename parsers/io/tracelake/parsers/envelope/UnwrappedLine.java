package io.tracelake.parsers.envelope;

/**
 * What one envelope held: the app's bytes {@code buffer[offset, offset + length)}, UTF-8, without the
 * line's newline; when the runtime wrote it (UTC microseconds); the stream ({@code "stdout"} or
 * {@code "stderr"}, or null when the envelope does not say); and whether it is a piece of a longer line
 * whose next piece follows in a later envelope of the same stream.
 */
public record UnwrappedLine(byte[] buffer, int offset, int length, long timeUs, String stream, boolean partial) {

  public static final String STDOUT = "stdout";
  public static final String STDERR = "stderr";
}
