package io.tracelake.parsers.text;

/** Reads the HTTP status a line logged, for a text and a JSON line alike. */
public final class HttpStatuses {

  private HttpStatuses() {}

  /**
   * The status as a number when the text is one to three digits, else null: the caller keeps such a text as an
   * attribute (what the line said is not lost).
   */
  public static Integer parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 3) {
      return null;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
    }
    return Integer.valueOf(text);
  }
}
