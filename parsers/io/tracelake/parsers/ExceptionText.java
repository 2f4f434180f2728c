package io.tracelake.parsers;

import io.tracelake.model.regex.BoundedRegex;

/**
 * Finds the exception that a log message with a stack trace folded into it reports: the trace starts
 * on a later line than the message, so its headline is looked for first, then read by
 * {@link ExceptionHeadline}. Java, Python and Go traces.
 */
public final class ExceptionText {

  // a qualified class name, optionally after Java's "Exception in thread ..." prefix; "Caused by:" lines are
  // never the top exception, and only the first headline is taken. Linear-time (RE2/J): java.util.regex
  // recursed once per dotted segment and overflowed the stack on a 10 KB line of dots.
  private static final BoundedRegex JAVA_HEADLINE = BoundedRegex.compile(
      "^(?:Exception in thread \"[^\"]*\" )?((?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*)(?::\\s?.*)?$");
  private static final BoundedRegex GO_PANIC = BoundedRegex.compile("^panic: (.*?)(?: \\[recovered\\])?$");
  private static final String PYTHON_TRACEBACK = "Traceback (most recent call last):";

  private ExceptionText() {}

  /** The exception of the trace in the text, or null when the text holds none. */
  public static ExceptionHeadline find(String text) {
    if (text == null || text.isEmpty()) {
      return null;
    }
    String[] lines = text.split("\r?\n");
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      if (line.startsWith(PYTHON_TRACEBACK)) {
        return ExceptionHeadline.parse(text.substring(text.indexOf(PYTHON_TRACEBACK)));
      }
      BoundedRegex.BoundedMatcher panic = GO_PANIC.matcher(line);
      if (panic.matches()) {
        return new ExceptionHeadline("panic", panic.group(1));
      }
      String stripped = line.strip();
      BoundedRegex.BoundedMatcher java = JAVA_HEADLINE.matcher(stripped);
      if (java.matches() && looksLikeJavaHeadline(lines, i, java.group(1))) {
        return ExceptionHeadline.parse(stripped.startsWith("Exception in thread ")
            ? stripped.substring(stripped.indexOf(java.group(1))) : stripped);
      }
    }
    return null;
  }

  /** A qualified name alone is common in messages; it is an exception when frames follow or its name says so. */
  private static boolean looksLikeJavaHeadline(String[] lines, int index, String type) {
    if (type.endsWith("Exception") || type.endsWith("Error") || type.endsWith("Throwable")) {
      return true;
    }
    return index + 1 < lines.length && lines[index + 1].stripLeading().startsWith("at ");
  }
}
