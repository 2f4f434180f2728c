package io.tracelake.simulator;

import java.util.HashMap;
import java.util.Map;

/**
 * What Logback's pattern conversions do to a value: padding and truncation ({@code %-5level},
 * {@code %15.15t}, {@code %-40.40logger}) and the abbreviation of logger names ({@code %logger{36}}).
 */
final class LogbackConverters {
  private final Map<String, String> abbreviated = new HashMap<>();
  private final int loggerLength;

  /** @param loggerLength the target length of {@code %logger{n}} */
  LogbackConverters(int loggerLength) {
    this.loggerLength = loggerLength;
  }

  /** The logger name as {@code %logger{n}} writes it; cached, since a service has few loggers. */
  String logger(String name) {
    return abbreviated.computeIfAbsent(name, n -> abbreviate(n, loggerLength));
  }

  /**
   * Logback's TargetLengthBasedClassNameAbbreviator: shortens the leading packages to their first
   * letter, left to right, until the name would fit; the class name itself is never shortened.
   */
  static String abbreviate(String name, int targetLength) {
    int length = name.length();
    if (length < targetLength) {
      return name;
    }
    int lastDot = name.lastIndexOf('.');
    if (lastDot < 0) {
      return name;
    }
    int lastSegmentLength = length - lastDot;
    int leftTarget = Math.max(0, targetLength - lastSegmentLength);
    int maxTrim = (length - lastSegmentLength) - leftTarget;
    StringBuilder out = new StringBuilder(length);
    int trimmed = 0;
    boolean afterDot = true;
    int i = 0;
    for (; i < lastDot; i++) {
      char c = name.charAt(i);
      if (c == '.') {
        if (trimmed >= maxTrim) {
          break;
        }
        out.append(c);
        afterDot = true;
      } else if (afterDot) {
        out.append(c);
        afterDot = false;
      } else {
        trimmed++;
      }
    }
    return out.append(name, i, length).toString();
  }

  /** {@code %-N.Nx}: left-aligned in {@code width}, cut from the left when longer. */
  static void appendLeftAligned(StringBuilder out, String value, int width) {
    if (value.length() > width) {
      out.append(value, value.length() - width, value.length());
      return;
    }
    out.append(value);
    for (int i = value.length(); i < width; i++) {
      out.append(' ');
    }
  }

  /** {@code %N.Nx}: right-aligned in {@code width}, cut from the left when longer. */
  static void appendRightAligned(StringBuilder out, String value, int width) {
    if (value.length() > width) {
      out.append(value, value.length() - width, value.length());
      return;
    }
    for (int i = value.length(); i < width; i++) {
      out.append(' ');
    }
    out.append(value);
  }
}
