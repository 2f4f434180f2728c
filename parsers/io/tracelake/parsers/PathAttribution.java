package io.tracelake.parsers;

import io.tracelake.model.regex.BoundedRegex;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a service or instance name from a log file's path with a regular expression; the value is
 * the named group {@code value}, else group 1 (e.g. {@code /logs/[^/]+/([^/]+)/}). Bounded like every pattern a
 * config applies ({@link BoundedRegex}): a path that makes it spend its budget gets no name from it.
 */
public final class PathAttribution {

  private final BoundedRegex pattern;
  private final boolean named;

  private PathAttribution(BoundedRegex pattern, boolean named) {
    this.pattern = pattern;
    this.named = named;
  }

  /** @throws IllegalArgumentException when the expression does not compile or has no group */
  public static PathAttribution compile(String regex) {
    BoundedRegex pattern;
    try {
      pattern = BoundedRegex.compile(regex);
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("path pattern '" + regex + "' does not compile: " + e.getDescription());
    }
    if (pattern.groupCount() < 1) {
      throw new IllegalArgumentException("path pattern '" + regex + "' needs a group (value) to capture the name");
    }
    return new PathAttribution(pattern, regex.contains("(?<value>"));
  }

  /** The captured name, or null when the path does not match. */
  public String valueFor(String path) {
    String value;
    try {
      BoundedRegex.BoundedMatcher matcher = pattern.matcher(path);
      if (!matcher.find()) {
        return null;
      }
      value = named ? matcher.group("value") : matcher.group(1);
    } catch (BoundedRegex.BudgetExceeded e) {
      return null;
    }
    return value == null || value.isEmpty() ? null : value;
  }
}
