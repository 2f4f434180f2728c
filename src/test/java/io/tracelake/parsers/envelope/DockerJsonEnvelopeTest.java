package io.tracelake.parsers.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DockerJsonEnvelopeTest {

  private final Envelope envelope = EnvelopeFormat.DOCKER_JSON.newEnvelope();

  private UnwrappedLine unwrap(String line) throws LineRejectedException {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return envelope.unwrap(bytes, 0, bytes.length);
  }

  private static String text(UnwrappedLine piece) {
    return new String(piece.buffer(), piece.offset(), piece.length(), StandardCharsets.UTF_8);
  }

  private static long micros(String instant) {
    Instant ts = Instant.parse(instant);
    return ts.getEpochSecond() * 1_000_000 + ts.getNano() / 1_000;
  }

  @Test
  void unwrapsAPlainTextLine() throws LineRejectedException {
    UnwrappedLine piece = unwrap("{\"log\":\"2026-11-20 10:15:30.123 INFO [exec-1] c.s.Orders - placed order 8412\\n\","
        + "\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30.123456789Z\"}");
    assertThat(text(piece)).isEqualTo("2026-11-20 10:15:30.123 INFO [exec-1] c.s.Orders - placed order 8412");
    assertThat(piece.timeUs()).isEqualTo(micros("2026-11-20T10:15:30.123456Z"));
    assertThat(piece.stream()).isEqualTo("stdout");
    assertThat(piece.partial()).isFalse();
  }

  @Test
  void unescapesAJsonInnerLineAndGosHtmlEscapes() throws LineRejectedException {
    UnwrappedLine piece = unwrap("{\"log\":\"{\\\"level\\\":30,\\\"msg\\\":\\\"a \\u003cb\\u003e \\u0026 \\\\\\\"q\\\\\\\" \u00e9\u4e2d\\ud83d\\ude00\\\"}\\r\\n\","
        + "\"stream\":\"stderr\",\"attrs\":{\"tag\":\"orders\"},\"time\":\"2026-11-20T10:15:30Z\"}");
    assertThat(text(piece)).isEqualTo("{\"level\":30,\"msg\":\"a <b> & \\\"q\\\" é中😀\"}");
    assertThat(piece.stream()).isEqualTo("stderr");
  }

  @Test
  void aLineWithoutItsNewlineIsAPiece() throws LineRejectedException {
    UnwrappedLine first = unwrap("{\"log\":\"" + "x".repeat(100) + "\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30Z\"}");
    assertThat(first.partial()).isTrue();
    assertThat(first.length()).isEqualTo(100);
    UnwrappedLine empty = unwrap("{\"log\":\"\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30Z\"}");
    assertThat(empty.partial()).isFalse();
    assertThat(empty.length()).isZero();
  }

  @Test
  void reusesItsBufferAndGrowsIt() throws LineRejectedException {
    String big = "y".repeat(20_000);
    UnwrappedLine piece = unwrap("{\"log\":\"" + big + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30Z\"}");
    assertThat(text(piece)).isEqualTo(big);
    byte[] buffer = piece.buffer();
    assertThat(unwrap("{\"log\":\"small\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30Z\"}").buffer()).isSameAs(buffer);
  }

  @Test
  void aLoneSurrogateBecomesAReplacementCharacter() throws LineRejectedException {
    UnwrappedLine piece = unwrap("{\"log\":\"a\\ud800b\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30Z\"}");
    assertThat(Arrays.copyOfRange(piece.buffer(), 0, piece.length()))
        .isEqualTo("a\uFFFDb".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void rejectsMalformedEnvelopesInOneLine() {
    assertBad("2026-11-20 10:15:30 INFO plain", "Docker json-file line is not well-formed JSON at column ");
    assertBad("[1]", "Docker json-file line is not a JSON object");
    assertBad("{\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30Z\"}", "Docker json-file line has no \"log\" field");
    assertBad("{\"log\":\"x\\n\",\"stream\":\"stdout\"}", "Docker json-file line has no \"time\" field");
    assertBad("{\"log\":42,\"time\":\"2026-11-20T10:15:30Z\"}", "Docker json-file \"log\" is not a string");
    assertBad("{\"log\":\"x\",\"stream\":\"stdin\",\"time\":\"2026-11-20T10:15:30Z\"}",
        "Docker json-file stream 'stdin' is neither stdout nor stderr");
    assertBad("{\"log\":\"x\",\"time\":\"yesterday\"}", "Docker json-file time 'yesterday' is not an RFC 3339 time");
    assertBad("{\"log\":\"x\",\"time\":\"2026-11-20T10:15:30Z\"} {}", "Docker json-file line has content after its JSON object");
    assertBad("{\"log\":\"cut off", "Docker json-file line is not well-formed JSON");
  }

  private void assertBad(String line, String detailStart) {
    assertThatThrownBy(() -> unwrap(line)).isInstanceOfSatisfying(LineRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(RejectReason.BAD_ENVELOPE);
      assertThat(e.getMessage()).startsWith(detailStart).doesNotContain("\n");
    });
  }

  @Test
  void rejectsInvalidUtf8AsABadEnvelope() {
    byte[] line = "{\"log\":\"ab\\n\",\"time\":\"2026-11-20T10:15:30Z\"}".getBytes(StandardCharsets.UTF_8);
    line[9] = (byte) 0xC3;
    assertThatThrownBy(() -> envelope.unwrap(line, 0, line.length))
        .isInstanceOfSatisfying(LineRejectedException.class, e -> assertThat(e.reason()).isEqualTo(RejectReason.BAD_ENVELOPE));
  }
}
