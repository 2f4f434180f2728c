package io.tracelake.jobs.run;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The strings a task's records repeat (services, hosts, loggers, threads, a trace's id on each of its events),
 * remembered by their UTF-8 bytes: the rebuild reads each as a String, and making it once rather than once per
 * event saves the copy, the decoding and the garbage. Direct-mapped: a value that collides replaces the older one,
 * so memory stays fixed whatever the partition holds.
 */
final class RecordStrings {
  private static final int SIZE = 4096; // a power of two
  /** Longer values (messages, stack traces) are rarely repeated: made each time, never remembered. */
  private static final int MAX_BYTES = 96;

  private final byte[][] bytes = new byte[SIZE][];
  private final String[] strings = new String[SIZE];

  String of(byte[] src, int from, int length) {
    if (length > MAX_BYTES) {
      return new String(src, from, length, StandardCharsets.UTF_8);
    }
    int hash = length;
    for (int i = from; i < from + length; i++) {
      hash = 31 * hash + src[i];
    }
    int index = (hash ^ (hash >>> 15)) & (SIZE - 1);
    byte[] cached = bytes[index];
    if (cached != null && Arrays.equals(cached, 0, cached.length, src, from, from + length)) {
      return strings[index];
    }
    String string = new String(src, from, length, StandardCharsets.UTF_8);
    bytes[index] = Arrays.copyOfRange(src, from, from + length);
    strings[index] = string;
    return string;
  }
}
