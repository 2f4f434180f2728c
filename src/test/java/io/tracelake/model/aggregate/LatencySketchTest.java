package io.tracelake.model.aggregate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencySketchTest {

  private static final double[] QUANTILES = {0, 0.01, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1};

  /** Lognormal durations around 2 ms with a long tail, like real request latencies. */
  private static long[] lognormal(int n, long seed) {
    Random random = new Random(seed);
    long[] values = new long[n];
    for (int i = 0; i < n; i++) {
      values[i] = Math.max(1, Math.round(Math.exp(Math.log(2_000) + 1.2 * random.nextGaussian())));
    }
    return values;
  }

  private static LatencySketch sketchOf(long[] values, int from, int to) {
    LatencySketch sketch = new LatencySketch();
    for (int i = from; i < to; i++) {
      sketch.add(values[i]);
    }
    return sketch;
  }

  @Test
  void quantilesAreWithinOnePercentOfTheExactOnes() {
    long[] values = lognormal(100_000, 42);
    LatencySketch sketch = sketchOf(values, 0, values.length);
    long[] sorted = values.clone();
    Arrays.sort(sorted);

    for (double q : QUANTILES) {
      // DDSketch's rank convention: the value of rank floor(q * (n - 1))
      long exact = sorted[(int) Math.floor(q * (sorted.length - 1))];
      assertThat(sketch.quantile(q)).as("q=%s", q).isCloseTo(exact, within(exact * 0.01));
    }
    assertThat(sketch.count()).isEqualTo(values.length);
    assertThat(sketch.max()).isCloseTo(sorted[sorted.length - 1], within(sorted[sorted.length - 1] * 0.01));
  }

  @Test
  void mergingSketchesOfThePartsGivesTheSketchOfTheWhole() {
    long[] values = lognormal(30_000, 7);
    LatencySketch whole = sketchOf(values, 0, values.length);
    LatencySketch merged = sketchOf(values, 0, 10_000)
        .merge(sketchOf(values, 10_000, 25_000))
        .merge(sketchOf(values, 25_000, 30_000));

    assertThat(merged.count()).isEqualTo(whole.count());
    for (double q : QUANTILES) {
      assertThat(merged.quantile(q)).as("q=%s", q).isEqualTo(whole.quantile(q));
    }
  }

  @Test
  void mergeLeavesTheOtherSketchUnchanged() {
    LatencySketch other = new LatencySketch().add(10);
    new LatencySketch().add(1_000).merge(other);
    assertThat(other.count()).isEqualTo(1);
  }

  @Test
  void bytesRoundTripToTheSameQuantilesAndStillMerge() {
    long[] values = lognormal(5_000, 3);
    LatencySketch sketch = sketchOf(values, 0, values.length);
    LatencySketch copy = LatencySketch.fromBytes(sketch.toBytes());

    assertThat(copy.count()).isEqualTo(sketch.count());
    for (double q : QUANTILES) {
      assertThat(copy.quantile(q)).as("q=%s", q).isEqualTo(sketch.quantile(q));
    }
    assertThat(copy.toBytes()).isEqualTo(sketch.toBytes());
    assertThat(copy.merge(new LatencySketch().add(5)).count()).isEqualTo(sketch.count() + 1);
    assertThat(new LatencySketch().merge(LatencySketch.fromBytes(sketch.toBytes())).quantile(0.5))
        .isEqualTo(sketch.quantile(0.5));
  }

  @Test
  void javaSerialisationGoesThroughTheBytes() throws Exception {
    LatencySketch sketch = sketchOf(lognormal(1_000, 5), 0, 1_000);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(sketch);
    }
    LatencySketch copy = (LatencySketch) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))
        .readObject();

    assertThat(copy.quantile(0.99)).isEqualTo(sketch.quantile(0.99));
  }

  @Test
  void emptySketchHasNoQuantilesAndRoundTrips() {
    LatencySketch empty = new LatencySketch();
    assertThat(empty.count()).isZero();
    assertThat(empty.quantile(0.5)).isNaN();
    assertThat(empty.max()).isNaN();
    assertThat(LatencySketch.fromBytes(empty.toBytes()).count()).isZero();
  }

  @Test
  void zeroAndNegativeDurationsCountAsZero() {
    LatencySketch sketch = new LatencySketch().add(0).add(-5).add(100);
    assertThat(sketch.count()).isEqualTo(3);
    assertThat(sketch.quantile(0)).isZero();
    assertThat(sketch.quantile(0.5)).isZero();
  }

  @Test
  void badArgumentsAreReportedInOneLine() {
    assertThatThrownBy(() -> new LatencySketch().quantile(1.5)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Invalid quantile: 1.5 (must be between 0 and 1)");
    assertThatThrownBy(() -> LatencySketch.fromBytes(new byte[] {(byte) 0xff, 1, 2}))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("Not an encoded latency sketch (3 bytes)");
  }
}
