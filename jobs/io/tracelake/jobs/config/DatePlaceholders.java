package io.tracelake.jobs.config;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Expands {@code {date}} and {@code {date:PATTERN}} in a path to the day being processed. */
public final class DatePlaceholders {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{date(?::([^}]*))?}");

  private DatePlaceholders() {}

  public static String expand(String path, LocalDate date) {
    Matcher matcher = PLACEHOLDER.matcher(path);
    StringBuilder out = new StringBuilder();
    while (matcher.find()) {
      String pattern = matcher.group(1);
      String value = pattern == null ? date.toString()
          : DateTimeFormatter.ofPattern(pattern, Locale.ROOT).format(date);
      matcher.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(out);
    return out.toString();
  }

  /** @throws IllegalArgumentException when a {@code {date:PATTERN}} pattern is not a valid date pattern */
  static void check(String path) {
    Matcher matcher = PLACEHOLDER.matcher(path);
    while (matcher.find()) {
      if (matcher.group(1) != null) {
        try {
          DateTimeFormatter.ofPattern(matcher.group(1), Locale.ROOT).format(LocalDate.of(2000, 1, 1));
        } catch (RuntimeException e) {
          throw new IllegalArgumentException("'" + matcher.group() + "' is not a valid date pattern: " + e.getMessage());
        }
      }
    }
  }
}
