package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.json.JsonFieldMapping;
import io.tracelake.parsers.json.JsonLineParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogFileParserTest {

  private static final String GOOD = "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"ok\",\"traceId\":\"ab\"}";

  private static LogFileParser parserOver(InputStream in, int maxLineBytes) {
    return new LogFileParser(in, new JsonLineParser(JsonFieldMapping.logstash(null, null), ZoneOffset.UTC),
        "checkout", "checkout-1", maxLineBytes);
  }

  private static List<ParsedLine> parseAll(String text, int maxLineBytes) {
    LogFileParser parser = parserOver(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), maxLineBytes);
    List<ParsedLine> lines = new ArrayList<>();
    parser.forEachRemaining(lines::add);
    assertThat(parser.linesRead()).isEqualTo(lines.size());
    return lines;
  }

  @Test
  void everyLineBecomesAnEventOrAReasonedReject() {
    String huge = "{\"@timestamp\":\"2026-11-20T10:15:30Z\",\"message\":\"" + "z".repeat(10_000) + "\"}";
    List<ParsedLine> lines = parseAll(GOOD + "\r\n\n   \ngarbage\n" + huge + "\n" + GOOD, 2048);
    assertThat(lines).extracting(ParsedLine::lineNumber).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(lines.get(0).event().message()).isEqualTo("ok");
    assertThat(lines.get(1).reject().reason()).isEqualTo(RejectReason.BLANK_LINE);
    assertThat(lines.get(2).reject().reason()).isEqualTo(RejectReason.BLANK_LINE);
    assertThat(lines.get(3).reject().reason()).isEqualTo(RejectReason.MALFORMED_JSON);
    assertThat(lines.get(3).reject().raw()).isEqualTo("garbage");
    assertThat(lines.get(4).reject().reason()).isEqualTo(RejectReason.LINE_TOO_LONG);
    assertThat(lines.get(4).reject().rawBytes()).isEqualTo(huge.length());
    assertThat(lines.get(4).reject().raw()).hasSize(2048).startsWith("{\"@timestamp\"");
    assertThat(lines.get(5).isEvent()).isTrue();
  }

  /** A stand-in text format: a line is an entry when it starts with a digit; the rest is its message. */
  private static final LineParser DIGIT_LINES = (line, off, len) -> {
    if (len == 0 || line[off] < '0' || line[off] > '9') {
      throw new LineRejectedException(RejectReason.NO_MATCH, "no leading digit");
    }
    return LogEvent.builder(line[off] - '0').message(new String(line, off, len, StandardCharsets.UTF_8)).build();
  };

  private static List<ParsedLine> parseMultiline(String text, int maxLineBytes) {
    LogFileParser parser = new LogFileParser(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
        DIGIT_LINES, null, null, null, null, maxLineBytes, true, e -> e.toBuilder().thread("finished").build());
    List<ParsedLine> lines = new ArrayList<>();
    parser.forEachRemaining(lines::add);
    long accounted = lines.stream().mapToLong(ParsedLine::lineCount).sum();
    assertThat(accounted).as("lines read = lines of events + rejects").isEqualTo(parser.linesRead());
    return lines;
  }

  @Test
  void foldsStackTracesIntoTheirEntryAndExtractsTheException() {
    List<ParsedLine> entries = parseMultiline(String.join("\n",
        "banner before the first entry",
        "1 request failed",
        "java.lang.IllegalStateException: card declined",
        "\tat com.shop.payments.Charge.run(Charge.java:42)",
        "Caused by: java.net.SocketTimeoutException: Read timed out",
        "\t... 12 more",
        "",
        "2 next entry",
        "3 python failure",
        "Traceback (most recent call last):",
        "  File \"app.py\", line 3, in <module>",
        "ValueError: bad price"), 4096);

    assertThat(entries).extracting(ParsedLine::lineNumber).containsExactly(1L, 2L, 8L, 9L);
    assertThat(entries).extracting(ParsedLine::lineCount).containsExactly(1, 6, 1, 4);
    assertThat(entries.get(0).reject().reason()).isEqualTo(RejectReason.NO_MATCH);
    LogEvent failed = entries.get(1).event();
    assertThat(failed.message()).startsWith("1 request failed\njava.lang.IllegalStateException: card declined\n\tat ")
        .endsWith("\t... 12 more\n");
    assertThat(failed.exceptionType()).isEqualTo("java.lang.IllegalStateException");
    assertThat(failed.exceptionMessage()).isEqualTo("card declined");
    assertThat(failed.thread()).as("the finisher ran on the folded event").isEqualTo("finished");
    assertThat(entries.get(2).event().exceptionType()).isNull();
    assertThat(entries.get(3).event().exceptionType()).isEqualTo("ValueError");
    assertThat(entries.get(3).event().exceptionMessage()).isEqualTo("bad price");
  }

  @Test
  void capsTheFoldedTextButCountsEveryLine() {
    StringBuilder text = new StringBuilder("1 start");
    for (int i = 0; i < 500; i++) {
      text.append("\n\tat frame number ").append(i);
    }
    List<ParsedLine> entries = parseMultiline(text.toString(), 1024);
    assertThat(entries).hasSize(1);
    assertThat(entries.get(0).lineCount()).isEqualTo(501);
    assertThat(entries.get(0).event().message().length()).isLessThanOrEqualTo(1024 + "1 start".length());
    assertThat(entries.get(0).event().attributes()).containsEntry("message_truncated", "true");
  }

  @Test
  void aReadFailureDeliversTheEntryBeforeItThenFails() {
    byte[] data = "1 first\n\tat a frame\n".getBytes(StandardCharsets.UTF_8);
    InputStream failing = new InputStream() {
      int pos;

      @Override
      public int read() throws IOException {
        if (pos >= data.length) {
          throw new IOException("Unexpected end of ZLIB input stream");
        }
        return data[pos++] & 0xff;
      }
    };
    LogFileParser parser = new LogFileParser(failing, DIGIT_LINES, null, null, null, null, 4096, true, e -> e);
    assertThat(parser.next().lineCount()).isEqualTo(2);
    assertThatThrownBy(parser::hasNext).isInstanceOf(UncheckedIOException.class)
        .hasMessage("read failed after line 2: Unexpected end of ZLIB input stream");
    assertThat(parser.hasNext()).isFalse();
  }

  @Test
  void fillsServiceAndInstanceFromDefaultsOnlyWhereTheLineHasNone() {
    List<ParsedLine> lines = parseAll(GOOD, 4096);
    assertThat(lines.get(0).event().service()).isEqualTo("checkout");
    assertThat(lines.get(0).event().instance()).isEqualTo("checkout-1");
  }

  @Test
  void rejectsKeepAtMostTheLimitOfRawText() {
    String longGarbage = "g".repeat(LogFileParser.MAX_REJECT_RAW_CHARS * 3);
    ParsedLine line = parseAll(longGarbage, 1 << 20).get(0);
    assertThat(line.reject().raw()).hasSize(LogFileParser.MAX_REJECT_RAW_CHARS);
    assertThat(line.reject().rawBytes()).isEqualTo(longGarbage.length());
  }

  @Test
  void aReadFailureKeepsTheLinesBeforeItAndSaysWhere() {
    byte[] data = (GOOD + "\n" + GOOD + "\n").getBytes(StandardCharsets.UTF_8);
    InputStream failing = new InputStream() {
      int pos;

      @Override
      public int read() throws IOException {
        if (pos >= data.length) {
          throw new IOException("Unexpected end of ZLIB input stream");
        }
        return data[pos++] & 0xff;
      }
    };
    LogFileParser parser = parserOver(failing, 4096);
    List<ParsedLine> lines = new ArrayList<>();
    assertThatThrownBy(() -> parser.forEachRemaining(lines::add))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessage("read failed after line 2: Unexpected end of ZLIB input stream");
    assertThat(lines).hasSize(2);
    assertThat(parser.hasNext()).isFalse();
  }
}
