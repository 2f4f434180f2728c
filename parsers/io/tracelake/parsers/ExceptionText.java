package io.tracelake.parsers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the exception a stack trace reports: its type and message, for Java, Python and Go traces,
 * whether the trace is a field of its own or folded into a log message after its first line.
 */
public final class ExceptionText {

  /** An exception's type and message (the message may be null). */
  public record Found(String type, String message) {}

  // a qualified class name, optionally after Java's "Exception in thread ..." prefix; "Caused by:" lines are not
  // the top exception and are skipped by looking only for the first match
  private static final Pattern JAVA = Pattern.compile(
      "^(?:Exception in thread \"[^\"]*\" )?((?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*)(?::\\s?(.*))?$");
  private static final Pattern PYTHON_LAST = Pattern.compile("^([A-Za-z_][\\w.]*)(?::\\s?(.*))?$");
  private static final Pattern GO_PANIC = Pattern.compile("^panic: (.*?)(?: \\[recovered\\])?$");

  private ExceptionText() {}

  /** The exception of a trace, or null when the text holds none. */
  public static Found find(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String[] lines = text.split("\r?\n");
    int traceback = -1;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith("Traceback (most recent call last):")) {
        traceback = i;
        break;
      }
      Matcher panic = GO_PANIC.matcher(line);
      if (panic.matches()) {
        return new Found("panic", panic.group(1));
      }
      Matcher java = JAVA.matcher(line.strip());
      if (java.matches() && looksLikeJavaHeader(lines, i, java.group(1))) {
        return new Found(java.group(1), emptyToNull(java.group(2)));
      }
    }
    if (traceback >= 0) {
      // Python prints the exception last, unindented, after the indented frames
      for (int i = lines.length - 1; i > traceback; i--) {
        String line = lines[i];
        if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
          Matcher python = PYTHON_LAST.matcher(line);
          if (python.matches()) {
            return new Found(python.group(1), emptyToNull(python.group(2)));
          }
        }
      }
    }
    return null;
  }

  /** A qualified name alone is common in messages; it is an exception when frames follow or its name says so. */
  private static boolean looksLikeJavaHeader(String[] lines, int index, String type) {
    if (type.endsWith("Exception") || type.endsWith("Error") || type.endsWith("Throwable")) {
      return true;
    }
    return index + 1 < lines.length && lines[index + 1].stripLeading().startsWith("at ");
  }

  private static String emptyToNull(String text) {
    return text == null || text.isEmpty() ? null : text;
  }
}
