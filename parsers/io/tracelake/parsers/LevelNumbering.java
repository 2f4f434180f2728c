package io.tracelake.parsers;

/**
 * How a log format writes its level as a number. The numbers overlap between schemes (20 is DEBUG
 * to Bunyan, a made-up value to syslog), so a format names its scheme rather than have it guessed.
 */
public enum LevelNumbering {
  /** Numbers are not levels in this format; a number is kept as logged. */
  NONE,
  /** Bunyan and pino: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal (custom levels by range). */
  BUNYAN,
  /** Syslog severities (RFC 5424, also GELF and journald): 0 emergency … 7 debug. */
  SYSLOG,
  /** OpenTelemetry SeverityNumber: 1–4 trace, 5–8 debug, 9–12 info, 13–16 warn, 17–20 error, 21–24 fatal. */
  OTEL
}
