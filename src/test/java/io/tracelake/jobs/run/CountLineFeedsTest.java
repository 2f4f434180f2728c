package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CountLineFeedsTest {

  @Test
  void countsEveryLineFeedAndNothingElseAtAnyOffsetAndLength() {
    Random random = new Random(11);
    for (int round = 0; round < 2_000; round++) {
      byte[] bytes = new byte[random.nextInt(100)];
      for (int i = 0; i < bytes.length; i++) {
        // line feeds among their neighbours in value (\t, \u000b, 0x8a: the same low bits) and arbitrary bytes
        int pick = random.nextInt(6);
        bytes[i] = pick == 0 ? (byte) '\n' : pick == 1 ? (byte) 0x8A : pick == 2 ? (byte) 0x0B
            : pick == 3 ? (byte) 0x09 : (byte) random.nextInt(256);
      }
      int from = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
      int to = from + random.nextInt(bytes.length - from + 1);
      long expected = 0;
      for (int i = from; i < to; i++) {
        expected += bytes[i] == '\n' ? 1 : 0;
      }
      assertThat(CountLineFeeds.lineFeeds(bytes, from, to)).as("round %d", round).isEqualTo(expected);
    }
  }

  @Test
  void aWordOfLineFeedsCountsEight() {
    assertThat(CountLineFeeds.lineFeeds("\n\n\n\n\n\n\n\n\n".getBytes(), 0, 9)).isEqualTo(9);
    assertThat(CountLineFeeds.lineFeeds(new byte[64], 0, 64)).isZero();
  }
}
