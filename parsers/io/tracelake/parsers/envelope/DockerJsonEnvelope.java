package io.tracelake.parsers.envelope;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.Timestamps;
import java.io.IOException;
import java.time.ZoneOffset;
import java.util.Arrays;

/**
 * Docker's json-file logging driver: {@code {"log":"the app's line\n","stream":"stdout","time":"2026-11-20T10:15:30.123456789Z"}}
 * (and {@code "attrs"} when labels are logged). A line longer than 16 KiB is split into several
 * entries; all but the last lack the trailing {@code \n}, which is how a piece is told from a line.
 * The {@code log} string is unescaped into a buffer reused from one line to the next.
 */
public final class DockerJsonEnvelope implements Envelope {

  // a reject's detail names the column; the source text in Jackson's messages would only cost time
  private static final JsonFactory JSON =
      JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build();

  private byte[] content = new byte[512];

  @Override
  public UnwrappedLine unwrap(byte[] line, int off, int len) throws LineRejectedException {
    int length = -1;
    long timeUs = Timestamps.INVALID;
    boolean sawTime = false;
    String stream = null;
    try (JsonParser parser = JSON.createParser(line, off, len)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw bad("Docker json-file line is not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        switch (name) {
          case "log" -> {
            requireString(value, name);
            length = encodeUtf8(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
          }
          case "stream" -> {
            requireString(value, name);
            stream = streamOf(parser.getText());
          }
          case "time" -> {
            requireString(value, name);
            String text = parser.getText();
            sawTime = true;
            timeUs = Timestamps.parseIso(text, ZoneOffset.UTC);
            if (timeUs == Timestamps.INVALID) {
              throw bad("Docker json-file time '" + LineRejectedException.excerpt(text) + "' is not an RFC 3339 time");
            }
          }
          default -> parser.skipChildren();
        }
      }
      if (parser.nextToken() != null) {
        throw bad("Docker json-file line has content after its JSON object");
      }
    } catch (JsonProcessingException e) {
      // Jackson reports malformed JSON, invalid UTF-8 and early ends alike
      throw bad("Docker json-file line is not well-formed JSON at column " + e.getLocation().getColumnNr() + ": "
          + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw bad("Docker json-file line is not well-formed JSON: " + firstLine(e.getMessage())); // a byte array does no I/O
    }
    if (length < 0) {
      throw bad("Docker json-file line has no \"log\" field");
    }
    if (!sawTime) {
      throw bad("Docker json-file line has no \"time\" field");
    }
    boolean partial = length == 0 || content[length - 1] != '\n';
    if (!partial) {
      length--;
      if (length > 0 && content[length - 1] == '\r') {
        length--;
      }
    }
    return new UnwrappedLine(content, 0, length, timeUs, stream, partial);
  }

  private static void requireString(JsonToken value, String name) throws LineRejectedException {
    if (value != JsonToken.VALUE_STRING) {
      throw bad("Docker json-file \"" + name + "\" is not a string");
    }
  }

  private static String streamOf(String text) throws LineRejectedException {
    if (UnwrappedLine.STDOUT.equals(text)) {
      return UnwrappedLine.STDOUT;
    }
    if (UnwrappedLine.STDERR.equals(text)) {
      return UnwrappedLine.STDERR;
    }
    throw bad("Docker json-file stream '" + LineRejectedException.excerpt(text) + "' is neither stdout nor stderr");
  }

  /** Encodes UTF-16 text into {@link #content} as UTF-8; a lone surrogate becomes U+FFFD, as in Go. */
  private int encodeUtf8(char[] chars, int offset, int count) {
    if (content.length < count * 3) {
      content = Arrays.copyOf(content, Math.max(content.length * 2, count * 3));
    }
    byte[] out = content;
    int n = 0;
    int end = offset + count;
    for (int i = offset; i < end; i++) {
      char c = chars[i];
      if (c < 0x80) {
        out[n++] = (byte) c;
      } else if (c < 0x800) {
        out[n++] = (byte) (0xC0 | (c >> 6));
        out[n++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c) && i + 1 < end && Character.isLowSurrogate(chars[i + 1])) {
        int cp = Character.toCodePoint(c, chars[++i]);
        out[n++] = (byte) (0xF0 | (cp >> 18));
        out[n++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[n++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (cp & 0x3F));
      } else {
        if (Character.isSurrogate(c)) {
          c = '\uFFFD';
        }
        out[n++] = (byte) (0xE0 | (c >> 12));
        out[n++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[n++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return n;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  private static LineRejectedException bad(String detail) {
    return new LineRejectedException(RejectReason.BAD_ENVELOPE, detail);
  }
}
