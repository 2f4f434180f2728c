package io.tracelake.simulator;

import java.util.SplittableRandom;

/**
 * A lognormal duration given by its median and the sigma of its logarithm; draws are cut at four
 * sigmas so that no request can run long enough to cross midnight or outlive the log buffers.
 */
record Latency(double medianMs, double sigma) {

  /** No span is shorter, so a span's start and end lines are always apart and lines fit between. */
  static final long MIN_US = 20;
  private static final double MAX_SIGMAS = 4.0;

  Latency {
    if (medianMs <= 0 || sigma < 0) {
      throw new IllegalArgumentException("invalid latency: median " + medianMs + " ms, sigma " + sigma);
    }
  }

  static Latency ms(double medianMs, double sigma) {
    return new Latency(medianMs, sigma);
  }

  long sampleUs(SplittableRandom random) {
    double z = Math.max(-MAX_SIGMAS, Math.min(MAX_SIGMAS, standardNormal(random)));
    // StrictMath: the same bits on every JVM and CPU, so the output files are reproducible anywhere
    return Math.max(MIN_US, (long) (medianMs * 1000.0 * StrictMath.exp(sigma * z)));
  }

  /** Box–Muller from two uniforms; SplittableRandom's own gaussian is not specified to stay the same. */
  private static double standardNormal(SplittableRandom random) {
    double u1 = 1.0 - random.nextDouble();
    double u2 = random.nextDouble();
    return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
  }
}
