package io.tracelake.simulator;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;

/**
 * Where rendered entries go: straight into a log file, or line by line into the envelope a container
 * runtime writes around what a service prints. Counts the physical lines it writes.
 */
abstract class LogOutput implements Closeable {
  private final Writer writer;
  private char[] chars = new char[1 << 12];
  /** Characters of the last {@link #emit}, still in {@link #chars}. */
  private int lastLength;
  private long lines;

  LogOutput(OutputStream out) {
    this.writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
  }

  static LogOutput create(Envelope envelope, OutputStream out, ZoneOffset zone) {
    switch (envelope) {
      case NONE:
        return new Plain(out);
      case DOCKER:
        return new DockerJsonFile(out);
      case CRI:
        return new CriLog(out, zone);
      default:
        throw new IllegalStateException("unhandled envelope " + envelope);
    }
  }

  /**
   * Writes one entry, whose every physical line ends in a newline.
   *
   * @param hostTimeUs when the service logged it, at its host's clock
   * @param stderr whether the service printed it to stderr rather than stdout
   */
  abstract void write(long hostTimeUs, boolean stderr, CharSequence entry) throws IOException;

  /** Physical lines written so far. */
  long lines() {
    return lines;
  }

  @Override
  public void close() throws IOException {
    writer.close();
  }

  /** Writes {@code text} as it is, counting its newlines as lines. */
  void emit(CharSequence text) throws IOException {
    int length = text.length();
    if (chars.length < length) {
      chars = new char[Math.max(length, chars.length * 2)];
    }
    copy(text, chars);
    lastLength = length;
    writeCounted(chars, length);
  }

  /**
   * Writes what the last entry put in the file once more, byte for byte, here or into {@code other}, as a
   * log shipper does when it sends a batch again; returns the lines written.
   */
  long repeatLastInto(LogOutput other) throws IOException {
    long before = other.lines;
    other.writeCounted(chars, lastLength);
    return other.lines - before;
  }

  private void writeCounted(char[] text, int length) throws IOException {
    for (int i = 0; i < length; i++) {
      if (text[i] == '\n') {
        lines++;
      }
    }
    writer.write(text, 0, length);
  }

  static void copy(CharSequence text, char[] into) {
    if (text instanceof StringBuilder) {
      ((StringBuilder) text).getChars(0, text.length(), into, 0);
    } else {
      text.toString().getChars(0, text.length(), into, 0);
    }
  }

  /** The log file itself. */
  private static final class Plain extends LogOutput {
    Plain(OutputStream out) {
      super(out);
    }

    @Override
    void write(long hostTimeUs, boolean stderr, CharSequence entry) throws IOException {
      emit(entry);
    }
  }

  /**
   * Base of the runtimes' envelopes: each line the service printed becomes one or more envelope lines,
   * stamped when the runtime read it (a little after the service wrote it, always later than the line
   * before), and split into pieces of at most {@link Envelope#MAX_LINE_BYTES} UTF-8 bytes.
   */
  private abstract static class Enveloped extends LogOutput {
    private final StringBuilder buffer = new StringBuilder(1 << 12);
    private char[] text = new char[1 << 12];
    private long lastNanos = Long.MIN_VALUE;

    Enveloped(OutputStream out) {
      super(out);
    }

    @Override
    void write(long hostTimeUs, boolean stderr, CharSequence entry) throws IOException {
      int length = entry.length();
      if (text.length < length) {
        text = new char[Math.max(length, text.length * 2)];
      }
      copy(entry, text);
      buffer.setLength(0);
      long readNanos = hostTimeUs * 1000 + 15_000 + Math.floorMod(mix(hostTimeUs), 40_000);
      int lineStart = 0;
      for (int i = 0; i < length; i++) {
        if (text[i] != '\n') {
          continue;
        }
        int pieceStart = lineStart;
        do {
          int pieceEnd = pieceEnd(text, pieceStart, i);
          lastNanos = Math.max(readNanos, lastNanos + 1_000 + Math.floorMod(mix(lastNanos), 2_000));
          appendPiece(buffer, lastNanos, stderr, text, pieceStart, pieceEnd, pieceEnd == i);
          pieceStart = pieceEnd;
        } while (pieceStart < i);
        lineStart = i + 1;
      }
      emit(buffer);
    }

    /** Appends one envelope line for {@code text[start, end)}; {@code last} when it ends the printed line. */
    abstract void appendPiece(StringBuilder out, long nanos, boolean stderr, char[] text, int start, int end,
        boolean last);

    /** Where the piece from {@code start} ends: at {@code lineEnd}, or before the character that would overflow. */
    private static int pieceEnd(char[] text, int start, int lineEnd) {
      if (lineEnd - start <= Envelope.MAX_LINE_BYTES / 3) {
        return lineEnd;
      }
      int bytes = 0;
      int i = start;
      while (i < lineEnd) {
        char c = text[i];
        int width = c < 0x80 ? 1 : c < 0x800 ? 2 : Character.isHighSurrogate(c) ? 4 : 3;
        if (bytes + width > Envelope.MAX_LINE_BYTES) {
          return i;
        }
        bytes += width;
        i += width == 4 ? 2 : 1;
      }
      return lineEnd;
    }

    private static long mix(long z) {
      z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
      z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
      return z ^ (z >>> 33);
    }
  }

  /**
   * Docker's json-file driver: {@code {"log":"...\n","stream":"stdout","time":"..."}}, the time in UTC
   * with nine fraction digits; a partial piece of a long line has no newline at the end of its log. The
   * text is escaped as Go's encoding/json does, with {@code <}, {@code >} and {@code &} as unicode escapes.
   */
  private static final class DockerJsonFile extends Enveloped {
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final TimestampText timestamps = new TimestampText(ZoneOffset.UTC);

    DockerJsonFile(OutputStream out) {
      super(out);
    }

    @Override
    void appendPiece(StringBuilder out, long nanos, boolean stderr, char[] text, int start, int end, boolean last) {
      out.append("{\"log\":\"");
      int clean = start;
      for (int i = start; i < end; i++) {
        char c = text[i];
        if (c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' && c != '\u2028'
            && c != '\u2029') {
          continue;
        }
        out.append(text, clean, i - clean);
        clean = i + 1;
        switch (c) {
          case '"':
            out.append("\\\"");
            break;
          case '\\':
            out.append("\\\\");
            break;
          case '\t':
            out.append("\\t");
            break;
          case '\r':
            out.append("\\r");
            break;
          default:
            out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
                .append(HEX[c & 0xf]);
        }
      }
      out.append(text, clean, end - clean);
      if (last) {
        out.append("\\n");
      }
      out.append(stderr ? "\",\"stream\":\"stderr\",\"time\":\"" : "\",\"stream\":\"stdout\",\"time\":\"");
      timestamps.appendIso(out, nanos, 'T', '.', TimestampText.Fraction.NANOS, true);
      out.append("\"}\n");
    }
  }

  /**
   * The Kubernetes CRI log format of containerd and CRI-O: {@code <time> stdout F <line>}, the time as
   * Go's RFC3339Nano at the node's offset; a partial piece of a long line is tagged P instead of F.
   */
  private static final class CriLog extends Enveloped {
    private final TimestampText timestamps;

    CriLog(OutputStream out, ZoneOffset zone) {
      super(out);
      this.timestamps = new TimestampText(zone);
    }

    @Override
    void appendPiece(StringBuilder out, long nanos, boolean stderr, char[] text, int start, int end, boolean last) {
      timestamps.appendIso(out, nanos, 'T', '.', TimestampText.Fraction.NANOS_TRIMMED, true);
      out.append(stderr ? " stderr " : " stdout ").append(last ? 'F' : 'P').append(' ')
          .append(text, start, end - start).append('\n');
    }
  }
}
