package io.tracelake.parsers.text;

import io.tracelake.parsers.ByteHash;
import io.tracelake.parsers.ByteRanges;
import java.util.Arrays;

/**
 * The field names of one file's lines, remembered by their bytes: a logfmt file repeats the same few
 * keys on every line, so each key's String and mapping slot are made once rather than per line.
 */
final class KeyCache {
  private static final int SIZE = 256; // a power of two
  private static final int MAX_KEY_BYTES = 64;

  /** A remembered key. */
  static final class Key {
    final byte[] bytes;
    final String name;
    final FieldMapping.Slot slot;

    Key(byte[] bytes, String name, FieldMapping.Slot slot) {
      this.bytes = bytes;
      this.name = name;
      this.slot = slot;
    }
  }

  private final FieldMapping mapping;
  private final Key[] table = new Key[SIZE];

  KeyCache(FieldMapping mapping) {
    this.mapping = mapping;
  }

  Key key(byte[] line, int from, int to) {
    int length = to - from;
    int index = ByteHash.of(line, from, length) & (SIZE - 1);
    Key cached = table[index];
    if (cached != null && cached.bytes.length == length && ByteRanges.equal(cached.bytes, 0, line, from, length)) {
      return cached;
    }
    String name = LineBytes.decode(line, from, to);
    Key key = new Key(Arrays.copyOfRange(line, from, to), name, mapping.slot(name));
    if (to - from <= MAX_KEY_BYTES) {
      table[index] = key; // a collision replaces the older key: the cache only saves work
    }
    return key;
  }
}
