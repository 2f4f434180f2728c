package io.tracelake.model.aggregate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NoiseTestsTest {

  private static LatencySketch sketch(long seed, int n, double meanUs) {
    Random random = new Random(seed);
    LatencySketch sketch = new LatencySketch();
    for (int i = 0; i < n; i++) {
      sketch.add(Math.round(-meanUs * Math.log(1 - random.nextDouble())));
    }
    return sketch;
  }

  @Test
  void callsPerDay() {
    assertThat(NoiseTests.ratesDiffer(7_000, 7, 7_100, 7)).isFalse();   // 1,000 vs 1,014 a day: noise
    assertThat(NoiseTests.ratesDiffer(7_000, 7, 8_400, 7)).isTrue();    // 1,000 vs 1,200 a day
    assertThat(NoiseTests.ratesDiffer(3_000, 3, 7_200, 7)).isFalse();   // periods of other lengths: rates compare
    assertThat(NoiseTests.ratesDiffer(0, 7, 0, 7)).isFalse();
  }

  @Test
  void errorRates() {
    assertThat(NoiseTests.proportionsDiffer(10, 10_000, 12, 10_000)).isFalse();
    assertThat(NoiseTests.proportionsDiffer(10, 10_000, 60, 10_000)).isTrue();
    assertThat(NoiseTests.proportionsDiffer(1, 20, 3, 20)).isFalse();   // few calls: wide, not beyond noise
    assertThat(NoiseTests.proportionsDiffer(0, 100, 0, 100)).isFalse();
  }

  @Test
  void latencyQuantiles() {
    // two samples of one distribution: no quantile moved; a 30 % slower one: every quantile did
    LatencySketch before = sketch(1, 5_000, 10_000);
    LatencySketch same = sketch(2, 5_000, 10_000);
    LatencySketch slower = sketch(3, 5_000, 13_000);
    for (double q : new double[] {0.5, 0.95, 0.99}) {
      assertThat(NoiseTests.quantilesDiffer(before, same, q)).as("same p%s", q).isFalse();
      assertThat(NoiseTests.quantilesDiffer(before, slower, q)).as("slower p%s", q).isTrue();
    }
    // ten calls each: even 30 % is within what ten values can show
    assertThat(NoiseTests.quantilesDiffer(sketch(4, 10, 10_000), sketch(5, 10, 13_000), 0.95)).isFalse();
    // a p99 of 300 calls rests on three values past it: not enough to tell, whatever the two maxima say
    assertThat(NoiseTests.quantilesDiffer(sketch(6, 300, 10_000), sketch(7, 300, 20_000), 0.99)).isFalse();
    assertThat(NoiseTests.quantilesDiffer(sketch(6, 300, 10_000), sketch(7, 300, 20_000), 0.5)).isTrue();
    double[] interval = NoiseTests.quantileInterval(before, 0.5);
    assertThat(interval[0]).isLessThan(before.quantile(0.5));
    assertThat(interval[1]).isGreaterThan(before.quantile(0.5));
    assertThat(NoiseTests.quantileInterval(new LatencySketch(), 0.5)).isNull();
  }
}
