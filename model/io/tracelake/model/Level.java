package io.tracelake.model;

/** Log severities, normalised across logging libraries; ordered from least to most severe. */
public enum Level {
  TRACE, DEBUG, INFO, WARN, ERROR, FATAL;

  /** True for ERROR and FATAL: a span with such an event failed. */
  public static boolean isError(String level) {
    return "ERROR".equals(level) || "FATAL".equals(level);
  }
}
