package io.tracelake.parsers.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineRejectedException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CriEnvelopeTest {

  private final Envelope envelope = EnvelopeFormat.byConfigName("cri").newEnvelope();

  private UnwrappedLine unwrap(String line) throws LineRejectedException {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    return envelope.unwrap(bytes, 0, bytes.length);
  }

  private static String text(UnwrappedLine piece) {
    return new String(piece.buffer(), piece.offset(), piece.length(), StandardCharsets.UTF_8);
  }

  @Test
  void unwrapsFullLinesInPlace() throws LineRejectedException {
    byte[] bytes = "2026-11-20T10:15:30.123456789Z stdout F {\"level\":\"info\",\"msg\":\"caf\u00e9 \\\"ok\\\"\"}"
        .getBytes(StandardCharsets.UTF_8);
    UnwrappedLine piece = envelope.unwrap(bytes, 0, bytes.length);
    assertThat(piece.buffer()).isSameAs(bytes);
    assertThat(text(piece)).isEqualTo("{\"level\":\"info\",\"msg\":\"café \\\"ok\\\"\"}");
    Instant ts = Instant.parse("2026-11-20T10:15:30.123456Z");
    assertThat(piece.timeUs()).isEqualTo(ts.getEpochSecond() * 1_000_000 + 123_456);
    assertThat(piece.stream()).isEqualTo("stdout");
    assertThat(piece.partial()).isFalse();
  }

  @Test
  void readsPiecesOffsetsEmptyLinesAndCrRemnants() throws LineRejectedException {
    UnwrappedLine partial = unwrap("2026-11-20T11:15:30.5+01:00 stderr P first half ");
    assertThat(partial.partial()).isTrue();
    assertThat(text(partial)).isEqualTo("first half ");
    assertThat(partial.stream()).isEqualTo("stderr");
    assertThat(partial.timeUs()).isEqualTo(unwrap("2026-11-20T10:15:30.5Z stdout F x").timeUs());
    assertThat(text(unwrap("2026-11-20T10:15:30Z stdout F "))).isEmpty();
    assertThat(text(unwrap("2026-11-20T10:15:30Z stdout F"))).isEmpty();
    assertThat(text(unwrap("2026-11-20T10:15:30Z stdout F windows line\r"))).isEqualTo("windows line");
    assertThat(text(unwrap("2026-11-20T10:15:30Z stdout F:x  two spaces"))).isEqualTo(" two spaces");
  }

  @Test
  void rejectsMalformedEnvelopesInOneLine() {
    assertBad("plain text line", "CRI time 'plain' is not an RFC 3339 time");
    assertBad(" 2026-11-20T10:15:30Z stdout F x", "CRI line does not start with '<time> <stream> <P|F> '");
    assertBad("2026-11-20T10:15:30Z", "CRI line does not start with");
    assertBad("2026-11-20T10:15:30Z stdout", "CRI line has no stream and tag after its time");
    assertBad("2026-11-20T10:15:30Z stdin F x", "CRI stream 'stdin' is neither stdout nor stderr");
    assertBad("2026-11-20T10:15:30Z stdout X x", "CRI tag 'X' is neither P nor F");
    assertBad("2026-11-20T10:15:30Z stdout FF x", "CRI tag 'FF' is neither P nor F");
    assertBad("{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30Z\"}", "CRI");
  }

  private void assertBad(String line, String detailStart) {
    assertThatThrownBy(() -> unwrap(line)).isInstanceOfSatisfying(LineRejectedException.class, e -> {
      assertThat(e.reason()).isEqualTo(RejectReason.BAD_ENVELOPE);
      assertThat(e.getMessage()).startsWith(detailStart).doesNotContain("\n");
    });
  }
}
