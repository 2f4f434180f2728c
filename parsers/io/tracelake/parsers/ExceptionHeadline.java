package io.tracelake.parsers;

/**
 * The type and message of an exception, read from the headline of its stack trace as logging libraries
 * print it: {@code java.lang.IllegalStateException: boom} (Java, .NET, Node's {@code Error: boom}),
 * or the last line of a Python {@code Traceback (most recent call last):} block.
 */
public record ExceptionHeadline(String type, String message) {

  private static final String PYTHON_TRACEBACK = "Traceback (most recent call last)";

  /**
   * The headline of a stack trace, or null when its headline does not start with an exception type
   * (a name without spaces, such as {@code com.shop.OutOfStockException} or {@code KeyError}).
   * The message is null when the headline has none.
   */
  public static ExceptionHeadline parse(String stackTrace) {
    if (stackTrace == null) {
      return null;
    }
    String headline = firstLine(stackTrace);
    if (headline != null && headline.startsWith(PYTHON_TRACEBACK)) {
      headline = lastUnindentedLine(stackTrace);
    }
    if (headline == null) {
      return null;
    }
    int colon = headline.indexOf(':');
    String type = (colon < 0 ? headline : headline.substring(0, colon)).trim();
    if (!isTypeName(type)) {
      return null;
    }
    String message = colon < 0 ? "" : headline.substring(colon + 1).trim();
    return new ExceptionHeadline(type, message.isEmpty() ? null : message);
  }

  private static String firstLine(String text) {
    int start = 0;
    while (start < text.length()) {
      int end = lineEnd(text, start);
      String line = text.substring(start, end).trim();
      if (!line.isEmpty()) {
        return line;
      }
      start = end + 1;
    }
    return null;
  }

  private static String lastUnindentedLine(String text) {
    String last = null;
    int start = 0;
    while (start < text.length()) {
      int end = lineEnd(text, start);
      if (end > start && text.charAt(start) > ' ' && !text.startsWith(PYTHON_TRACEBACK, start)) {
        last = text.substring(start, end).trim();
      }
      start = end + 1;
    }
    return last;
  }

  private static int lineEnd(String text, int from) {
    int end = text.indexOf('\n', from);
    return end < 0 ? text.length() : end;
  }

  private static boolean isTypeName(String text) {
    if (text.isEmpty() || text.length() > 512 || !Character.isJavaIdentifierStart(text.charAt(0))) {
      return false;
    }
    for (int i = 1; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!Character.isJavaIdentifierPart(c) && c != '.' && c != '$' && c != '`') {
        return false;
      }
    }
    return !text.endsWith(".");
  }
}
