package io.tracelake.parsers.context;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceIdsTest {

  @Test
  void lowerCasesPadsAndUnwrapsHexAndUuidTraceIds() {
    assertThat(TraceIds.normalizeTraceId("4BF92F3577B34DA6A3CE929D0E0E4736")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(TraceIds.normalizeTraceId(" 4bf92f3577b34da6a3ce929d0e0e4736\t")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(TraceIds.normalizeTraceId("463ac35c9f6413ad")).isEqualTo("0000000000000000463ac35c9f6413ad");
    assertThat(TraceIds.normalizeTraceId("0x5b8aa5a2d2c872e8321cf37308d69df2")).isEqualTo("5b8aa5a2d2c872e8321cf37308d69df2");
    assertThat(TraceIds.normalizeTraceId("9F2C1E4A-7B3D-4C8E-A1F0-2B3C4D5E6F70")).isEqualTo("9f2c1e4a7b3d4c8ea1f02b3c4d5e6f70");
  }

  @Test
  void returnsAnIdAlreadyInStoredFormItself() {
    String id = "4bf92f3577b34da6a3ce929d0e0e4736";
    assertThat(TraceIds.normalizeTraceId(id)).isSameAs(id);
    String span = "00f067aa0ba902b7";
    assertThat(TraceIds.normalizeSpanId(span)).isSameAs(span);
  }

  @Test
  void zerosAndBlanksAreAbsent() {
    assertThat(TraceIds.normalizeTraceId("00000000000000000000000000000000")).isNull();
    assertThat(TraceIds.normalizeTraceId("0000000000000000")).isNull();
    assertThat(TraceIds.normalizeTraceId("00000000-0000-0000-0000-000000000000")).isNull();
    assertThat(TraceIds.normalizeTraceId("   ")).isNull();
    assertThat(TraceIds.normalizeTraceId(null)).isNull();
    assertThat(TraceIds.normalizeSpanId("0000000000000000")).isNull();
    assertThat(TraceIds.normalizeSpanId("")).isNull();
  }

  @Test
  void placeholdersForAMissingIdAreAbsent() {
    for (String placeholder : new String[] {"-", "0", "000", "--", "null", "NULL", "nil", "None", "undefined", "n/a", "N/A", "unknown"}) {
      assertThat(TraceIds.normalizeTraceId(placeholder)).as(placeholder).isNull();
      assertThat(TraceIds.normalizeSpanId(" " + placeholder + " ")).as(placeholder).isNull();
    }
    assertThat(TraceIds.normalizeTraceId("nullable")).isNotNull();
    assertThat(TraceIds.normalizeTraceId("0-1")).isNotNull();
  }

  @Test
  void hashesAnythingElseStably() {
    // the first 16 (8) bytes of SHA-256 of the trimmed id: pinned, because stored data depends on them
    assertThat(TraceIds.normalizeTraceId("req-abc")).isEqualTo("406f654f5a0648103cd8404d10f8be08");
    assertThat(TraceIds.normalizeTraceId(" req-abc ")).isEqualTo("406f654f5a0648103cd8404d10f8be08");
    assertThat(TraceIds.normalizeTraceId("9f2c-x")).isEqualTo("5cfdd713d0f59bedae9a382f6c2e7aca");
    assertThat(TraceIds.normalizeSpanId("12345")).isEqualTo("5994471abb01112a");
    assertThat(TraceIds.hashToTraceId("req-abc")).isEqualTo(sha256Prefix("req-abc", 16));
    assertThat(TraceIds.normalizeTraceId("req-ABC")).isNotEqualTo(TraceIds.normalizeTraceId("req-abc"));
    assertThat(TraceIds.normalizeTraceId("dGhpcyBpcyBiYXNlNjQ=")).matches("[0-9a-f]{32}");
    assertThat(TraceIds.normalizeTraceId("0x")).matches("[0-9a-f]{32}");
    assertThat(TraceIds.normalizeTraceId("café-中")).matches("[0-9a-f]{32}");
    // a 32-digit span id is not a span id: hashed, not cut
    assertThat(TraceIds.normalizeSpanId("4bf92f3577b34da6a3ce929d0e0e4736"))
        .isEqualTo(sha256Prefix("4bf92f3577b34da6a3ce929d0e0e4736", 8));
    assertThat(TraceIds.normalizeSpanId(" 00F067AA0BA902B7 ")).isEqualTo("00f067aa0ba902b7");
  }

  @Test
  void knowsHexTraceIdsFromRequestIds() {
    assertThat(TraceIds.isHexTraceId("4BF92F3577B34DA6A3CE929D0E0E4736")).isTrue();
    assertThat(TraceIds.isHexTraceId("0x463ac35c9f6413ad")).isTrue();
    assertThat(TraceIds.isHexTraceId("9f2c1e4a-7b3d-4c8e-a1f0-2b3c4d5e6f70")).isFalse();
    assertThat(TraceIds.isHexTraceId("req-abc")).isFalse();
    assertThat(TraceIds.isNormalTraceId("4BF92F3577B34DA6A3CE929D0E0E4736")).isFalse();
    assertThat(TraceIds.isNormalSpanId("00f067aa0ba902b7")).isTrue();
  }

  @Test
  void anIdInStoredFormIsLowercaseHexAndNotAllZeroWhateverCharacterBreaksIt() {
    String good = "00f067aa0ba902b7";
    assertThat(TraceIds.isNormalSpanId(good)).isTrue();
    assertThat(TraceIds.isNormalSpanId("0000000000000000")).isFalse();
    assertThat(TraceIds.isNormalTraceId("0".repeat(32))).isFalse();
    assertThat(TraceIds.isNormalTraceId("0".repeat(31) + "1")).isTrue();
    // every character in every position, against the plain definition
    for (char c = 0; c < 0x3100; c++) {
      boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      for (int at : new int[] {0, 7, 15}) {
        String id = good.substring(0, at) + c + good.substring(at + 1);
        assertThat(TraceIds.isNormalSpanId(id)).as("U+%04X at %d", (int) c, at).isEqualTo(hex);
      }
    }
    assertThat(TraceIds.isNormalSpanId("00f067aa0ba902b\uffff")).isFalse();
  }

  static String sha256Prefix(String text, int bytes) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(digest, 0, bytes);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
