package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.testing.SparkTestBase;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

class SortedByTraceTest extends SparkTestBase {

  /**
   * Keys built to catch a wrong order: shared first 8 bytes (the sorter's prefix) with differences after them, one
   * key the prefix of another, bytes above 0x7f (unsigned), lengths not a multiple of 8; values of every length.
   */
  private static List<Tuple2<byte[], byte[]>> records(int n, long seed) {
    Random random = new Random(seed);
    String[] traces =
        {"0000000000000000", "00000000ffffffff", "00000000", "0000000000000000aa", "7f", "80", "\u00e9t\u00e9"};
    List<Tuple2<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String trace = traces[random.nextInt(traces.length)]
          + (random.nextBoolean() ? "" : Integer.toHexString(random.nextInt(4)));
      // files by number (the run's files) and by URI (files it does not list)
      byte[] key = random.nextBoolean()
          ? new EventRecords.Encoder().key(trace, random.nextInt(5) - 2L, random.nextInt(300), random.nextInt(3))
          : new EventRecords.Encoder().key(trace, random.nextInt(5) - 2L, "file:/" + "x".repeat(random.nextInt(12)),
              random.nextInt(3));
      byte[] value = new byte[random.nextInt(40)];
      random.nextBytes(value);
      records.add(new Tuple2<>(key, value));
    }
    return records;
  }

  /** The records sorted in one Spark task; the first element's key is empty and its value the bytes the task spilled
   * to disk. */
  private List<Tuple2<byte[], byte[]>> sortedInTask(List<Tuple2<byte[], byte[]>> records, int spillAfter) {
    return sortedInTask(records, spillAfter, SortedByTrace.MAX_RUN_RECORDS);
  }

  /** As above, runs of more than {@code maxRun} records sharing a prefix sorted by a second sorter. */
  private List<Tuple2<byte[], byte[]>> sortedInTask(List<Tuple2<byte[], byte[]>> records, int spillAfter,
      int maxRun) {
    JavaPairRDD<byte[], byte[]> rdd = JavaSparkContext.fromSparkContext(spark().sparkContext())
        .parallelizePairs(records, 1);
    return rdd.mapPartitions(partition -> {
      SortedByTrace sorted = SortedByTrace.sort(partition, spillAfter, maxRun);
      List<Tuple2<byte[], byte[]>> out = new ArrayList<>();
      while (sorted.advance()) {
        out.add(new Tuple2<>(Arrays.copyOf(sorted.key(), sorted.keyLength()),
            Arrays.copyOf(sorted.value(), sorted.valueLength())));
      }
      long spilled = org.apache.spark.TaskContext.get().taskMetrics().diskBytesSpilled();
      out.add(0, new Tuple2<>(new byte[0], Long.toString(spilled).getBytes()));
      sorted.close();
      return out.iterator();
    }).collect();
  }

  private static long spilledBytes(List<Tuple2<byte[], byte[]>> sortedInTask) {
    return Long.parseLong(new String(sortedInTask.get(0)._2()));
  }

  private static List<String> shown(List<Tuple2<byte[], byte[]>> records) {
    return records.stream().map(r -> Arrays.toString(r._1()) + "=" + Arrays.toString(r._2())).toList();
  }

  /** The records in the order of their keys (equal keys in any order), each with its own value. */
  private static void assertSorted(List<Tuple2<byte[], byte[]>> sorted, List<Tuple2<byte[], byte[]>> records) {
    List<Tuple2<byte[], byte[]>> expected = new ArrayList<>(records);
    expected.sort(Comparator.comparing(Tuple2::_1, Arrays::compareUnsigned));
    assertThat(sorted.stream().map(r -> Arrays.toString(r._1())).toList())
        .containsExactlyElementsOf(expected.stream().map(r -> Arrays.toString(r._1())).toList());
    assertThat(shown(sorted)).containsExactlyInAnyOrderElementsOf(shown(records));
  }

  @Test
  void recordsComeOutInTheUnsignedByteOrderOfTheirKeysWithTheirValues() {
    List<Tuple2<byte[], byte[]>> records = records(3_000, 7);

    List<Tuple2<byte[], byte[]>> task = sortedInTask(records, Integer.MAX_VALUE);

    assertThat(spilledBytes(task)).isZero();
    assertSorted(task.subList(1, task.size()), records);
  }

  @Test
  void theOrderHoldsAcrossSpills() {
    List<Tuple2<byte[], byte[]>> records = records(2_000, 11);

    List<Tuple2<byte[], byte[]>> task = sortedInTask(records, 97); // about twenty spills

    assertThat(spilledBytes(task)).isPositive();
    assertSorted(task.subList(1, task.size()), records);
  }

  @Test
  void runsTooLongToHoldAreSortedBySecondSortersWithAndWithoutSpills() {
    // the generated keys share their first 8 bytes in a few runs of hundreds of records each
    List<Tuple2<byte[], byte[]>> records = records(3_000, 13);

    List<Tuple2<byte[], byte[]>> held = sortedInTask(records, Integer.MAX_VALUE, 40);
    List<Tuple2<byte[], byte[]>> spilled = sortedInTask(records, 97, 40);
    List<Tuple2<byte[], byte[]>> oneRecordRuns = sortedInTask(records, 97, 0);

    assertThat(spilledBytes(held)).isZero();
    assertSorted(held.subList(1, held.size()), records);
    assertThat(spilledBytes(spilled)).isPositive();
    assertSorted(spilled.subList(1, spilled.size()), records);
    assertSorted(oneRecordRuns.subList(1, oneRecordRuns.size()), records);
  }

  @Test
  void recordsOfEqualKeysComeOutInTheOrderTheyCame() {
    // several records of one line (an OTLP batch) share the whole key: the rebuild reads them as they were read
    byte[] key = new EventRecords.Encoder().key("4bf92f3577b34da6a3ce929d0e0e4736", 5, 0, 9);
    List<Tuple2<byte[], byte[]>> records = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      records.add(new Tuple2<>(key.clone(), new byte[] {(byte) i}));
    }
    List<Tuple2<byte[], byte[]>> task = sortedInTask(records, Integer.MAX_VALUE);

    assertThat(task.subList(1, task.size()).stream().map(r -> (int) r._2()[0]).toList())
        .isEqualTo(java.util.stream.IntStream.range(0, 100).boxed().toList());
  }

  @Test
  void aPrefixNeverOrdersTwoKeysAgainstTheirBytes() {
    // ids of 32 hex digits with any number of leading zeros, beside ids cut short, longer, in upper case, with a
    // dash, a byte above 0x7f or the letters after f, at every place
    byte[] alphabet = {'0', '0', '0', '1', '7', '9', ':', 'A', 'F', '`', 'a', 'c', 'f', 'g', 'z', '-', 0, (byte) 0x80,
        (byte) 0xff};
    Random random = new Random(5);
    List<byte[]> keys = new ArrayList<>();
    for (int i = 0; i < 20_000; i++) {
      StringBuilder id = new StringBuilder("0".repeat(random.nextInt(33)));
      while (id.length() < 32) {
        id.append(Integer.toHexString(random.nextInt(16)));
      }
      byte[] trace = id.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
      if (random.nextInt(3) == 0) { // a byte of the alphabet somewhere, or the id cut short or made longer
        int at = random.nextInt(34);
        trace = Arrays.copyOf(trace, Math.max(at + 1, trace.length));
        trace[at] = alphabet[random.nextInt(alphabet.length)];
        if (random.nextBoolean()) {
          trace = Arrays.copyOf(trace, at + (trace[at] == 0 ? 0 : 1));
        }
      }
      byte[] key = Arrays.copyOf(trace, trace.length + 1 + random.nextInt(20));
      for (int k = trace.length + 1; k < key.length; k++) {
        key[k] = (byte) random.nextInt(256);
      }
      keys.add(key);
    }
    keys.sort(Arrays::compareUnsigned);
    for (int i = 1; i < keys.size(); i++) {
      byte[] a = keys.get(i - 1);
      byte[] b = keys.get(i);
      assertThat(Long.compareUnsigned(SortedByTrace.prefix(a), SortedByTrace.prefix(b)))
          .as("%s then %s", new String(a, java.nio.charset.StandardCharsets.ISO_8859_1),
              new String(b, java.nio.charset.StandardCharsets.ISO_8859_1))
          .isLessThanOrEqualTo(0);
    }
  }

  @Test
  void sixtyFourBitIdsPaddedWithZerosGetPrefixesOfTheirOwn() {
    // Zipkin's B3 and Datadog's 64-bit ids, read as 16 zeros and 16 digits: a prefix of the key's first bytes
    // made one run of every partition of such a day
    Random random = new Random(3);
    java.util.Set<Long> prefixes = new java.util.HashSet<>();
    for (int i = 0; i < 1_000; i++) {
      String id = "0".repeat(16) + String.format("%016x", random.nextLong() | 1L << 60);
      prefixes.add(SortedByTrace.prefix(new EventRecords.Encoder().key(id, 1, 0, 1)));
    }
    // 6 significant digits: a rare pair of the 1,000 may share a prefix (the run's sort then parts them)
    assertThat(prefixes).hasSizeGreaterThan(995);
  }

  @Test
  void wideIdsShareThePrefixsTopByteWhateverTheirLeadingZeros() {
    // the radix sort makes a pass over each byte of the prefix that differs between records: a day of 128-bit ids
    // (a zero first digit one time in 16) has one top byte; narrow ids count their digits there, below it
    Random random = new Random(5);
    for (String zeros : new String[] {"", "0", "000", "0".repeat(16), "0".repeat(17), "0".repeat(19)}) {
      java.util.Set<Long> topBytes = new java.util.HashSet<>();
      java.util.Set<Long> prefixes = new java.util.HashSet<>();
      for (int i = 0; i < 200; i++) {
        String digits = String.format("%016x%016x", random.nextLong(), random.nextLong()).substring(zeros.length());
        long prefix = SortedByTrace.prefix(new EventRecords.Encoder().key(zeros + digits, 1, 0, 1));
        topBytes.add(prefix >>> 56);
        prefixes.add(prefix);
      }
      if (zeros.length() < 16) {
        assertThat(topBytes).as("ids beginning with %d zeros", zeros.length()).containsExactly(32L);
      } else {
        assertThat(topBytes).as("ids beginning with %d zeros", zeros.length()).allMatch(top -> top <= 16);
      }
      assertThat(prefixes).as("ids beginning with %d zeros", zeros.length()).hasSizeGreaterThan(190);
    }
  }

  @Test
  void byteRangesCompareAsUnsignedBytesThenByLength() {
    byte[][] keys = {{}, {0}, {0, 0}, {1}, {(byte) 0x7f}, {(byte) 0x80}, {(byte) 0xff},
        {1, 2, 3, 4, 5, 6, 7, 8}, {1, 2, 3, 4, 5, 6, 7, 8, 0}, {1, 2, 3, 4, 5, 6, 7, (byte) 0x90},
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17},
        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}};
    for (byte[] a : keys) {
      for (byte[] b : keys) {
        int expected = Integer.signum(Arrays.compareUnsigned(a, b));
        int actual = Integer.signum(SortedByTrace.compareBytes(a, org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET,
            a.length, b, org.apache.spark.unsafe.Platform.BYTE_ARRAY_OFFSET, b.length));
        assertThat(actual).as("%s vs %s", Arrays.toString(a), Arrays.toString(b)).isEqualTo(expected);
        if (SortedByTrace.prefix(a) != SortedByTrace.prefix(b)) {
          assertThat(Integer.signum(Long.compareUnsigned(SortedByTrace.prefix(a), SortedByTrace.prefix(b))))
              .as("prefix of %s vs %s", Arrays.toString(a), Arrays.toString(b)).isEqualTo(expected);
        }
      }
    }
  }
}
