package io.tracelake.model.aggregate;

/**
 * Whether a change between two periods is beyond noise, from what the aggregates keep (counts and latency
 * sketches, no raw values), at 95 %. Each test is named, so that the output can say which one decided:
 * <ul>
 *   <li>{@link #RATE_TEST}: calls per day, as Poisson counts over the periods' days (z-test on two rates);
 *   <li>{@link #PROPORTION_TEST}: error rates, as two binomial proportions (pooled z-test);
 *   <li>{@link #QUANTILE_TEST}: a latency quantile: each period's 95 % interval for it, from the ranks a quantile
 *       of n values can take (binomial order statistics) read off the sketch; beyond noise when the intervals do
 *       not overlap and the values differ by more than the sketches' combined 2 % accuracy. The interval needs
 *       enough values around the quantile ({@code n q (1-q)} at least {@link #MIN_TAIL}: 20 calls for p50, 106
 *       for p95, 506 for p99); with fewer, a quantile cannot be told apart from noise.
 * </ul>
 * With few calls the intervals are wide and nothing is beyond noise: that is the honest answer.
 */
public final class NoiseTests {

  public static final String RATE_TEST = "Poisson rate z-test, 95%";
  public static final String PROPORTION_TEST = "two-proportion z-test, 95%";
  public static final String QUANTILE_TEST = "order-statistic 95% intervals (binomial) from the sketches";
  private static final double Z95 = 1.959964;
  /** The least {@code n q (1-q)} for which the normal approximation of a quantile's rank holds. */
  static final double MIN_TAIL = 5;

  private NoiseTests() {}

  /** Calls per day changed beyond noise: {@code calls1} over {@code days1} against {@code calls2} over {@code days2}. */
  public static boolean ratesDiffer(long calls1, int days1, long calls2, int days2) {
    if (days1 <= 0 || days2 <= 0 || (calls1 == 0 && calls2 == 0)) {
      return false;
    }
    double rate1 = (double) calls1 / days1;
    double rate2 = (double) calls2 / days2;
    double variance = calls1 / ((double) days1 * days1) + calls2 / ((double) days2 * days2);
    return Math.abs(rate1 - rate2) > Z95 * Math.sqrt(variance);
  }

  /** Error rates {@code errors1/calls1} and {@code errors2/calls2} differ beyond noise. */
  public static boolean proportionsDiffer(long errors1, long calls1, long errors2, long calls2) {
    if (calls1 <= 0 || calls2 <= 0) {
      return false;
    }
    double pooled = (double) (errors1 + errors2) / (calls1 + calls2);
    if (pooled == 0 || pooled == 1) {
      return false;
    }
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / calls1 + 1.0 / calls2));
    return Math.abs((double) errors1 / calls1 - (double) errors2 / calls2) > Z95 * se;
  }

  /** The 95 % interval of quantile {@code q} of the values the sketch holds, in µs; null when it is empty. */
  public static double[] quantileInterval(LatencySketch sketch, double q) {
    long n = sketch.count();
    if (n == 0) {
      return null;
    }
    double spread = Z95 * Math.sqrt(n * q * (1 - q));
    double low = Math.max(0, Math.floor(n * q - spread)) / Math.max(1, n - 1);
    double high = Math.min(n - 1, Math.ceil(n * q + spread)) / Math.max(1, n - 1);
    return new double[] {sketch.quantile(Math.min(1, low)), sketch.quantile(Math.min(1, high))};
  }

  /** Quantile {@code q} moved beyond noise between the two sketches' values. */
  public static boolean quantilesDiffer(LatencySketch first, LatencySketch second, double q) {
    if (first.count() * q * (1 - q) < MIN_TAIL || second.count() * q * (1 - q) < MIN_TAIL) {
      return false;
    }
    double[] a = quantileInterval(first, q);
    double[] b = quantileInterval(second, q);
    if (a == null || b == null) {
      return false;
    }
    double va = first.quantile(q);
    double vb = second.quantile(q);
    boolean apart = a[1] < b[0] || b[1] < a[0];
    return apart && Math.abs(va - vb) > 2 * LatencySketch.RELATIVE_ACCURACY * Math.max(va, vb);
  }
}
