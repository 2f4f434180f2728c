package io.tracelake.parsers;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a service or instance name from a log file's path with a regular expression; the value is
 * the named group {@code value}, else group 1 (e.g. {@code /logs/[^/]+/([^/]+)/}).
 */
public final class PathAttribution {

  private final Pattern pattern;

  private PathAttribution(Pattern pattern) {
    this.pattern = pattern;
  }

  /** @throws IllegalArgumentException when the expression does not compile or has no group */
  public static PathAttribution compile(String regex) {
    Pattern pattern;
    try {
      pattern = Pattern.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("path pattern '" + regex + "' does not compile: " + e.getDescription());
    }
    if (pattern.matcher("").groupCount() < 1) {
      throw new IllegalArgumentException("path pattern '" + regex + "' needs a group (value) to capture the name");
    }
    return new PathAttribution(pattern);
  }

  /** The captured name, or null when the path does not match. */
  public String valueFor(String path) {
    Matcher matcher = pattern.matcher(path);
    if (!matcher.find()) {
      return null;
    }
    String value;
    try {
      value = matcher.group("value");
    } catch (IllegalArgumentException noNamedGroup) {
      value = matcher.group(1);
    }
    return value == null || value.isEmpty() ? null : value;
  }
}
