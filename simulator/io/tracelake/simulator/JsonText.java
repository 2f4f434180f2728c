package io.tracelake.simulator;

/**
 * Appends JSON string literals the way Jackson, Logback's JSON encoders and JavaScript's JSON.stringify
 * write them: quotes, backslashes and control characters escaped, everything else as it is.
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private JsonText() {}

  /** Appends {@code "value"}. */
  static void appendString(StringBuilder out, CharSequence value) {
    out.append('"');
    appendEscaped(out, value);
    out.append('"');
  }

  /** Appends {@code ,"name":"value"}. */
  static void appendField(StringBuilder out, String name, CharSequence value) {
    out.append(',').append('"').append(name).append("\":");
    appendString(out, value);
  }

  static void appendEscaped(StringBuilder out, CharSequence value) {
    int length = value.length();
    int clean = 0;
    for (int i = 0; i < length; i++) {
      char c = value.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') {
        continue;
      }
      out.append(value, clean, i);
      clean = i + 1;
      switch (c) {
        case '"':
          out.append("\\\"");
          break;
        case '\\':
          out.append("\\\\");
          break;
        case '\n':
          out.append("\\n");
          break;
        case '\t':
          out.append("\\t");
          break;
        case '\r':
          out.append("\\r");
          break;
        case '\b':
          out.append("\\b");
          break;
        case '\f':
          out.append("\\f");
          break;
        default:
          out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      }
    }
    out.append(value, clean, length);
  }
}
