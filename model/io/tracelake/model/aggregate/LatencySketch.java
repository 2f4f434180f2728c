package io.tracelake.model.aggregate;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.DDSketches;
import com.datadoghq.sketch.ddsketch.encoding.ByteArrayInput;
import com.datadoghq.sketch.ddsketch.encoding.GrowingByteArrayOutput;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;

/**
 * A mergeable sketch of call durations in microseconds whose quantiles are within 1% of the exact ones.
 *
 * <p>Mutable: {@link #add} and {@link #merge} change this sketch (and {@code merge} returns it), so that a Spark
 * aggregation buffer can absorb rows without copying; {@link #copy} when a snapshot is needed. Not thread-safe.
 *
 * <p>Backed by a DDSketch with a dense store that collapses its lowest bins beyond {@value #MAX_BINS}: at 1% accuracy
 * 2048 bins span a ratio of about 10^17 between the smallest and largest value kept exact, far more than 1 µs to a day,
 * so collapsing never happens on real latencies; but one absurd value (a clock jump) cannot make a sketch allocate
 * without bound, and if it ever does collapse it blurs the fast calls, never the tail we read p99 from.
 *
 * <p>{@link #max} is the sketch's estimate of the largest value (within 1%), not the exact maximum: the exact summary
 * statistics variant of DDSketch would make the stored form larger for a number the tables do not need exact.
 */
public final class LatencySketch implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Relative accuracy of every quantile. */
  public static final double RELATIVE_ACCURACY = 0.01;
  static final int MAX_BINS = 2048;

  // transient: DDSketch is not Serializable, so Java serialisation goes through toBytes (see writeObject)
  private transient DDSketch sketch;

  private LatencySketch(DDSketch sketch) {
    this.sketch = sketch;
  }

  /** An empty sketch. */
  public LatencySketch() {
    this(DDSketches.collapsingLowestDense(RELATIVE_ACCURACY, MAX_BINS));
  }

  /** Records one duration; negative durations (clock skew between log lines) count as zero. */
  public LatencySketch add(long durationUs) {
    sketch.accept(Math.max(0L, durationUs));
    return this;
  }

  /** Adds every value of {@code other} to this sketch (which {@code other} leaves unchanged); returns this sketch. */
  public LatencySketch merge(LatencySketch other) {
    sketch.mergeWith(other.sketch);
    return this;
  }

  public LatencySketch copy() {
    return new LatencySketch(sketch.copy());
  }

  /**
   * The value at quantile {@code q} (0 ≤ q ≤ 1) in µs, within 1% of the exact one; NaN when the sketch is empty.
   */
  public double quantile(double q) {
    if (!(q >= 0 && q <= 1)) {
      throw new IllegalArgumentException("Invalid quantile: " + q + " (must be between 0 and 1)");
    }
    return sketch.isEmpty() ? Double.NaN : sketch.getValueAtQuantile(q);
  }

  public long count() {
    return Math.round(sketch.getCount());
  }

  /** The largest duration in µs, within 1%; NaN when the sketch is empty. */
  public double max() {
    return sketch.isEmpty() ? Double.NaN : sketch.getMaxValue();
  }

  /**
   * DDSketch's own binary encoding (the one sketches-go and the Datadog agent read), index mapping included, so a
   * stored sketch says how to read itself. We do not use {@code serialize()}: its protobuf form can only be read
   * back through protobuf-java, which would be one more dependency on the Spark classpath.
   */
  public byte[] toBytes() {
    GrowingByteArrayOutput output = GrowingByteArrayOutput.withDefaultInitialCapacity();
    try {
      sketch.encode(output, false);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // cannot happen: the output is in memory
    }
    return output.trimmedCopy();
  }

  /** The sketch {@link #toBytes} encoded; {@link IllegalArgumentException} when the bytes are not one. */
  public static LatencySketch fromBytes(byte[] bytes) {
    try {
      return new LatencySketch(
          DDSketch.decode(ByteArrayInput.wrap(bytes), () -> new CollapsingLowestDenseStore(MAX_BINS)));
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("Not an encoded latency sketch (" + bytes.length + " bytes): " + e, e);
    }
  }

  private void writeObject(java.io.ObjectOutputStream out) throws IOException {
    out.defaultWriteObject();
    byte[] bytes = toBytes();
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
    in.defaultReadObject();
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    sketch = fromBytes(bytes).sketch;
  }

  @Override
  public String toString() {
    return "LatencySketch{count=" + count() + ", p50=" + (count() == 0 ? "-" : quantile(0.5)) + "}";
  }
}
