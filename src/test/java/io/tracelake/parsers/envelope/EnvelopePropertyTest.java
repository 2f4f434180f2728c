package io.tracelake.parsers.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineRejectedException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/** Envelopes reject what is not theirs with a reason, and give back exactly what the app wrote. */
class EnvelopePropertyTest {

  private static void unwrapOrReject(EnvelopeFormat format, byte[] line) {
    try {
      UnwrappedLine piece = format.newEnvelope().unwrap(line, 0, line.length);
      assertThat(piece.offset() + piece.length()).isLessThanOrEqualTo(piece.buffer().length);
    } catch (LineRejectedException e) {
      assertThat(e.reason()).isEqualTo(RejectReason.BAD_ENVELOPE);
      assertThat(e.getMessage()).doesNotContain("\n");
    }
  }

  @Property(tries = 300)
  void anyTextIsAPieceOrABadEnvelope(@ForAll EnvelopeFormat format, @ForAll String line) {
    unwrapOrReject(format, line.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 300)
  void anyBytesAreAPieceOrABadEnvelope(@ForAll EnvelopeFormat format, @ForAll byte[] line) {
    unwrapOrReject(format, line);
  }

  @Property(tries = 300)
  void nearlyWellFormedLinesAreAPieceOrABadEnvelope(@ForAll EnvelopeFormat format, @ForAll("nearlyEnvelopes") String line) {
    unwrapOrReject(format, line.getBytes(StandardCharsets.UTF_8));
  }

  @Provide
  Arbitrary<String> nearlyEnvelopes() {
    Arbitrary<String> docker = Arbitraries.of(
        "{\"log\":\"x\\n\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30.123456789Z\"}",
        "{\"log\":\"\",\"stream\":\"stderr\",\"time\":\"2026-11-20T10:15:30Z\",\"attrs\":{\"a\":[1,{}]}}");
    Arbitrary<String> cri = Arbitraries.of("2026-11-20T10:15:30.123456789Z stdout F x", "2026-11-20T10:15:30Z stderr P ");
    // cut, or with a character replaced: the edge cases of each field
    return Arbitraries.oneOf(docker, cri).flatMap(line -> Arbitraries.integers().between(0, line.length()).flatMap(cut ->
        Arbitraries.oneOf(Arbitraries.just(line.substring(0, cut)),
            Arbitraries.chars().map(c -> line.substring(0, cut) + c + line.substring(Math.min(line.length(), cut + 1))))));
  }

  @Property(tries = 500)
  void dockerGivesBackTheAppsLine(@ForAll String appLine) throws LineRejectedException {
    String written = new String(appLine.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8); // lone surrogates as '?'
    String log = new String(JsonStringEncoder.getInstance().quoteAsString(written + "\n"));
    byte[] line = ("{\"log\":\"" + log + "\",\"stream\":\"stdout\",\"time\":\"2026-11-20T10:15:30.123456789Z\"}")
        .getBytes(StandardCharsets.UTF_8);
    UnwrappedLine piece = new DockerJsonEnvelope().unwrap(line, 0, line.length);
    String expected = written.endsWith("\r") ? written.substring(0, written.length() - 1) : written;
    assertThat(Arrays.copyOfRange(piece.buffer(), piece.offset(), piece.offset() + piece.length()))
        .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    assertThat(piece.partial()).isFalse();
  }

  @Property(tries = 500)
  void criGivesBackTheAppsBytes(@ForAll byte[] content, @ForAll boolean partial) throws LineRejectedException {
    byte[] appBytes = withoutNewlines(content);
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    line.writeBytes(("2026-11-20T10:15:30.123456789Z stderr " + (partial ? "P " : "F ")).getBytes(StandardCharsets.US_ASCII));
    line.writeBytes(appBytes);
    byte[] bytes = line.toByteArray();
    UnwrappedLine piece = new CriEnvelope().unwrap(bytes, 0, bytes.length);
    int expectedLength = !partial && appBytes.length > 0 && appBytes[appBytes.length - 1] == '\r' ? appBytes.length - 1 : appBytes.length;
    assertThat(Arrays.copyOfRange(piece.buffer(), piece.offset(), piece.offset() + piece.length()))
        .isEqualTo(Arrays.copyOf(appBytes, expectedLength));
    assertThat(piece.partial()).isEqualTo(partial);
    assertThat(piece.stream()).isEqualTo("stderr");
  }

  @Property(tries = 500)
  void joiningSplitPiecesGivesBackTheLine(@ForAll @Size(max = 300) byte[] content, @ForAll @Size(max = 6) List<@IntRange(max = 300) Integer> cuts,
      @ForAll @IntRange(min = 1, max = 400) int maxLineBytes, @ForAll boolean interleaveStderr) {
    byte[] app = withoutBomAndTrailingCr(content);
    int[] bounds = cuts.stream().mapToInt(cut -> Math.min(cut, app.length)).sorted().toArray();
    PartialLineJoiner joiner = new PartialLineJoiner(maxLineBytes);
    List<JoinedLine> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= bounds.length; i++) {
      int end = i < bounds.length ? bounds[i] : app.length;
      boolean last = i == bounds.length;
      JoinedLine joined = joiner.add(new UnwrappedLine(app, start, end - start, i, "stdout", !last), i + 1);
      if (joined != null) {
        lines.add(copy(joined));
      }
      if (interleaveStderr) {
        JoinedLine other = joiner.add(new UnwrappedLine(new byte[] {'e'}, 0, 1, i, "stderr", false), i + 1);
        assertThat(other.stream()).isEqualTo("stderr");
      }
      start = end;
    }
    assertThat(lines).hasSize(1);
    JoinedLine line = lines.get(0);
    assertThat(Arrays.copyOfRange(line.buffer(), line.offset(), line.offset() + line.length()))
        .isEqualTo(Arrays.copyOf(app, Math.min(app.length, maxLineBytes)));
    assertThat(line.originalLength()).isEqualTo(app.length);
    assertThat(line.pieces()).isEqualTo(bounds.length + 1);
    assertThat(line.firstLineNumber()).isEqualTo(1);
    assertThat(joiner.flush()).isNull();
  }

  private static JoinedLine copy(JoinedLine line) {
    byte[] bytes = Arrays.copyOfRange(line.buffer(), line.offset(), line.offset() + line.length());
    return new JoinedLine(bytes, 0, bytes.length, line.originalLength(), line.timeUs(), line.stream(),
        line.firstLineNumber(), line.pieces(), line.complete());
  }

  private static byte[] withoutNewlines(byte[] bytes) {
    byte[] copy = bytes.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i] == '\n') {
        copy[i] = ' ';
      }
    }
    return copy;
  }

  private static byte[] withoutBomAndTrailingCr(byte[] bytes) {
    byte[] copy = bytes.clone();
    if (copy.length > 0 && copy[0] == (byte) 0xEF) {
      copy[0] = 'x';
    }
    if (copy.length > 0 && copy[copy.length - 1] == '\r') {
      copy[copy.length - 1] = 'x';
    }
    return copy;
  }
}
