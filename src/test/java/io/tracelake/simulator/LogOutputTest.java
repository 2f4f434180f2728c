package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The envelopes of Docker's json-file driver and of CRI runtimes around what a service prints. */
class LogOutputTest {
  private static final String ENTRY = "2026-11-20 11:15:30.123 ERROR <boom> & more\n\tat a.B.c(B.java:1)\n";

  private static List<String> write(Envelope envelope, boolean stderr, String... entries) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (LogOutput output = LogOutput.create(envelope, bytes, ZoneOffset.ofHours(1))) {
      for (String entry : entries) {
        output.write(Spans.START_US, stderr, entry);
      }
      output.close();
      String text = bytes.toString(StandardCharsets.UTF_8);
      assertThat(output.lines()).isEqualTo(text.lines().count());
      return text.lines().toList();
    }
  }

  @Test
  void plainWritesTheEntryAsItIs() throws IOException {
    assertThat(write(Envelope.NONE, true, ENTRY)).containsExactly(ENTRY.split("\n"));
  }

  @Test
  void dockerWritesAJsonObjectPerLineWithItsStreamAndTimeInUtc() throws IOException {
    List<String> lines = write(Envelope.DOCKER, true, ENTRY);
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0)).matches("\\{\"log\":\"2026-11-20 11:15:30\\.123 ERROR \\\\u003cboom\\\\u003e "
        + "\\\\u0026 more\\\\n\",\"stream\":\"stderr\",\"time\":\"2026-11-20T10:15:30\\.123\\d{6}Z\"}");
    assertThat(lines.get(1)).startsWith("{\"log\":\"\\tat a.B.c(B.java:1)\\n\",\"stream\":\"stderr\",");
    assertThat(lines.get(0).substring(lines.get(0).indexOf("\"time\"")))
        .isLessThan(lines.get(1).substring(lines.get(1).indexOf("\"time\"")));
  }

  @Test
  void criWritesTimeStreamAndTagBeforeEachLine() throws IOException {
    List<String> lines = write(Envelope.CRI, false, ENTRY);
    assertThat(lines.get(0)).matches("2026-11-20T11:15:30\\.123\\d{0,6}\\+01:00 stdout F 2026-11-20 11:15:30\\.123 "
        + "ERROR <boom> & more");
    assertThat(lines.get(1)).endsWith(" stdout F \tat a.B.c(B.java:1)");
  }

  @Test
  void linesLongerThan16KiBAreSplitIntoPartialEntries() throws IOException {
    String longLine = "x".repeat(Envelope.MAX_LINE_BYTES * 2 + 100) + "é";
    List<String> cri = write(Envelope.CRI, false, longLine + "\n");
    assertThat(cri).hasSize(3);
    assertThat(cri.get(0)).contains(" stdout P ").endsWith("x".repeat(Envelope.MAX_LINE_BYTES));
    assertThat(cri.get(1)).contains(" stdout P ");
    assertThat(cri.get(2)).contains(" stdout F ").endsWith("x".repeat(100) + "é");
    List<String> docker = write(Envelope.DOCKER, false, longLine + "\n");
    assertThat(docker).hasSize(3);
    assertThat(docker.get(0)).startsWith("{\"log\":\"" + "x".repeat(Envelope.MAX_LINE_BYTES) + "\",\"stream\"");
    assertThat(docker.get(2)).startsWith("{\"log\":\"" + "x".repeat(100) + "é\\n\",");
  }

  @Test
  void aSplitNeverCutsACharacterInTwo() throws IOException {
    String line = "x".repeat(Envelope.MAX_LINE_BYTES - 1) + "€yz";
    List<String> cri = write(Envelope.CRI, false, line + "\n");
    assertThat(cri.get(0)).endsWith(" P " + "x".repeat(Envelope.MAX_LINE_BYTES - 1));
    assertThat(cri.get(1)).endsWith(" F €yz");
  }
}
