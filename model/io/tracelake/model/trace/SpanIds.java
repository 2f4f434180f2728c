package io.tracelake.model.trace;

/** Span ids tracelake makes up: 16 hex digits derived from what identifies the span, the same on every run. */
final class SpanIds {
  private SpanIds() {}

  static String derive(String... parts) {
    long hash = 0xcbf29ce484222325L; // FNV-1a over the parts, with a separator so ("ab","c") != ("a","bc")
    for (String part : parts) {
      String text = part == null ? "" : part;
      for (int i = 0; i < text.length(); i++) {
        hash = (hash ^ text.charAt(i)) * 0x100000001b3L;
      }
      hash = (hash ^ 0x1f) * 0x100000001b3L;
    }
    // SplitMix64's finaliser spreads FNV's weak high bits
    hash = (hash ^ (hash >>> 30)) * 0xbf58476d1ce4e5b9L;
    hash = (hash ^ (hash >>> 27)) * 0x94d049bb133111ebL;
    hash ^= hash >>> 31;
    String hex = Long.toHexString(hash);
    return "0".repeat(16 - hex.length()) + hex;
  }
}
