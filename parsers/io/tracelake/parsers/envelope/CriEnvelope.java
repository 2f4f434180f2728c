package io.tracelake.parsers.envelope;

import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.Timestamps;
import io.tracelake.parsers.Utf8;
import java.time.ZoneOffset;

/**
 * The Kubernetes CRI log format that containerd and CRI-O write under {@code /var/log/pods}:
 * {@code 2026-11-20T10:15:30.123456789Z stdout F the app's line}. The tag is {@code F} for a full line
 * or the last piece of one, {@code P} for a piece the runtime split off (at 16 KiB in containerd); more
 * tags may follow after a {@code :}. The app's bytes are not escaped, so they are returned in place.
 */
public final class CriEnvelope implements Envelope {

  private final AsciiView timeText = new AsciiView();

  @Override
  public UnwrappedLine unwrap(byte[] line, int off, int len) throws LineRejectedException {
    int end = off + len;
    int timeEnd = indexOf(line, (byte) ' ', off, end);
    if (timeEnd <= off) {
      throw bad("CRI line does not start with '<time> <stream> <P|F> ': " + snippet(line, off, end));
    }
    long timeUs = Timestamps.parseIso(timeText.of(line, off, timeEnd), ZoneOffset.UTC);
    if (timeUs == Timestamps.INVALID) {
      throw bad("CRI time '" + snippet(line, off, timeEnd) + "' is not an RFC 3339 time");
    }
    int streamEnd = indexOf(line, (byte) ' ', timeEnd + 1, end);
    if (streamEnd < 0) {
      throw bad("CRI line has no stream and tag after its time");
    }
    String stream = streamOf(line, timeEnd + 1, streamEnd);
    if (stream == null) {
      throw bad("CRI stream '" + snippet(line, timeEnd + 1, streamEnd) + "' is neither stdout nor stderr");
    }
    int tagStart = streamEnd + 1;
    int tagEnd = indexOf(line, (byte) ' ', tagStart, end);
    if (tagEnd < 0) {
      tagEnd = end; // an empty line, written without the space before it
    }
    boolean partial;
    if (tagEnd > tagStart && line[tagStart] == 'P' && (tagEnd == tagStart + 1 || line[tagStart + 1] == ':')) {
      partial = true;
    } else if (tagEnd > tagStart && line[tagStart] == 'F' && (tagEnd == tagStart + 1 || line[tagStart + 1] == ':')) {
      partial = false;
    } else {
      throw bad("CRI tag '" + snippet(line, tagStart, tagEnd) + "' is neither P nor F");
    }
    int contentStart = Math.min(tagEnd + 1, end);
    int contentEnd = end;
    if (!partial && contentEnd > contentStart && line[contentEnd - 1] == '\r') {
      contentEnd--; // an app writing CRLF: the runtime split at the LF and kept the CR
    }
    return new UnwrappedLine(line, contentStart, contentEnd - contentStart, timeUs, stream, partial);
  }

  private static String streamOf(byte[] line, int start, int end) {
    if (end - start != 6) {
      return null;
    }
    if (regionEquals(line, start, "stdout")) {
      return UnwrappedLine.STDOUT;
    }
    if (regionEquals(line, start, "stderr")) {
      return UnwrappedLine.STDERR;
    }
    return null;
  }

  private static boolean regionEquals(byte[] bytes, int start, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      if (bytes[start + i] != ascii.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] bytes, byte b, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static String snippet(byte[] bytes, int start, int end) {
    // 256 bytes hold the 64 characters an excerpt keeps; the excerpt marks the cut
    return LineRejectedException.excerpt(Utf8.decodeLenient(bytes, start, Math.min(end - start, 256)));
  }

  private static LineRejectedException bad(String detail) {
    return new LineRejectedException(RejectReason.BAD_ENVELOPE, detail);
  }
}
