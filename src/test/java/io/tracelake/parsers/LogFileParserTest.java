package io.tracelake.parsers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.ParsedLine;
import io.tracelake.model.RejectReason;
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
