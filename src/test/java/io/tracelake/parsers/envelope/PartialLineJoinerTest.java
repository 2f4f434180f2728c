package io.tracelake.parsers.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PartialLineJoinerTest {

  private static UnwrappedLine piece(String text, String stream, boolean partial, long timeUs) {
    byte[] bytes = ("##" + text).getBytes(StandardCharsets.UTF_8);
    return new UnwrappedLine(bytes, 2, bytes.length - 2, timeUs, stream, partial);
  }

  private static String text(JoinedLine line) {
    return new String(line.buffer(), line.offset(), line.length(), StandardCharsets.UTF_8);
  }

  @Test
  void returnsAWholeLineInPlace() {
    PartialLineJoiner joiner = new PartialLineJoiner(1024);
    UnwrappedLine whole = piece("hello", "stdout", false, 5);
    JoinedLine line = joiner.add(whole, 1);
    assertThat(line.buffer()).isSameAs(whole.buffer());
    assertThat(text(line)).isEqualTo("hello");
    assertThat(line).extracting(JoinedLine::timeUs, JoinedLine::stream, JoinedLine::firstLineNumber, JoinedLine::pieces,
        JoinedLine::complete, JoinedLine::truncated).containsExactly(5L, "stdout", 1L, 1, true, false);
    assertThat(joiner.hasPending()).isFalse();
    assertThat(joiner.flush()).isNull();
  }

  @Test
  void joinsPiecesPerStreamAcrossInterleavedLines() {
    PartialLineJoiner joiner = new PartialLineJoiner(1024);
    assertThat(joiner.add(piece("{\"msg\":\"a", "stdout", true, 10), 1)).isNull();
    JoinedLine stderr = joiner.add(piece("panic: oops", "stderr", false, 11), 2);
    assertThat(text(stderr)).isEqualTo("panic: oops");
    assertThat(joiner.hasPending()).isTrue();
    assertThat(joiner.add(piece("bc", "stdout", true, 12), 3)).isNull();
    JoinedLine joined = joiner.add(piece("d\"}", "stdout", false, 13), 4);
    assertThat(text(joined)).isEqualTo("{\"msg\":\"abcd\"}");
    assertThat(joined).extracting(JoinedLine::timeUs, JoinedLine::stream, JoinedLine::firstLineNumber, JoinedLine::pieces,
        JoinedLine::complete).containsExactly(10L, "stdout", 1L, 3, true);
    assertThat(joiner.hasPending()).isFalse();
    // the next line of the stream starts afresh
    assertThat(text(joiner.add(piece("next", "stdout", false, 14), 5))).isEqualTo("next");
  }

  @Test
  void capsALineAtTheLimitAndCountsTheRest() {
    PartialLineJoiner joiner = new PartialLineJoiner(10);
    joiner.add(piece("0123456", "stdout", true, 1), 1);
    joiner.add(piece("789abcdef", "stdout", true, 2), 2);
    JoinedLine line = joiner.add(piece("ghij", "stdout", false, 3), 3);
    assertThat(text(line)).isEqualTo("0123456789");
    assertThat(line.originalLength()).isEqualTo(20);
    assertThat(line.truncated()).isTrue();
    JoinedLine longWhole = joiner.add(piece("x".repeat(11), "stdout", false, 4), 4);
    assertThat(longWhole.length()).isEqualTo(10);
    assertThat(longWhole.truncated()).isTrue();
  }

  @Test
  void flushesLinesWhoseLastPieceNeverCame() {
    PartialLineJoiner joiner = new PartialLineJoiner(1024);
    joiner.add(piece("out", "stdout", true, 1), 1);
    joiner.add(piece("err", "stderr", true, 2), 2);
    joiner.add(piece("other", null, true, 3), 3);
    List<String> flushed = new ArrayList<>();
    for (JoinedLine line = joiner.flush(); line != null; line = joiner.flush()) {
      assertThat(line.complete()).isFalse();
      flushed.add(line.stream() + ":" + text(line));
    }
    assertThat(flushed).containsExactly("stdout:out", "stderr:err", "null:other");
  }

  @Test
  void dropsAByteOrderMarkAndACrSplitFromItsLf() {
    PartialLineJoiner joiner = new PartialLineJoiner(1024);
    assertThat(text(joiner.add(piece("\uFEFFbom", "stdout", false, 1), 1))).isEqualTo("bom");
    joiner.add(piece("\uFEFFab\r", "stdout", true, 2), 2);
    assertThat(text(joiner.add(piece("", "stdout", false, 3), 3))).isEqualTo("ab");
    assertThat(text(joiner.add(piece("crlf\r", "stdout", false, 4), 4))).isEqualTo("crlf");
  }

  @Test
  void joinsDockerSplitsOfALongLine() throws LineRejectedException {
    // Docker splits at 16 KiB: every piece but the last lacks the newline
    String message = "{\"msg\":\"" + "é".repeat(9000) + "\"}";
    String[] parts = {message.substring(0, 3000), message.substring(3000, 6000), message.substring(6000)};
    Envelope docker = EnvelopeFormat.DOCKER_JSON.newEnvelope();
    PartialLineJoiner joiner = new PartialLineJoiner(1 << 20);
    JoinedLine result = null;
    for (int i = 0; i < parts.length; i++) {
      String log = new String(JsonStringEncoder.getInstance().quoteAsString(parts[i] + (i == 2 ? "\n" : "")));
      byte[] line = ("{\"log\":\"" + log + "\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30.00000000" + i + "Z\"}")
          .getBytes(StandardCharsets.UTF_8);
      result = joiner.add(docker.unwrap(line, 0, line.length), i + 1);
      assertThat(result == null).isEqualTo(i < 2);
    }
    assertThat(text(result)).isEqualTo(message);
    assertThat(result.pieces()).isEqualTo(3);
  }

  @Test
  void rejectsANonPositiveLimit() {
    assertThatThrownBy(() -> new PartialLineJoiner(0)).hasMessage("Invalid maximum line length: 0");
  }
}
