/**
 * Parsers for plain-text logs as real systems write them. Each format compiles once to a
 * {@link io.tracelake.parsers.text.TextFormat} (a bad pattern fails then, with a one-line
 * {@link java.lang.IllegalArgumentException} naming the pattern and position), which gives one
 * {@link io.tracelake.parsers.LineParser} per file: parsers keep per-file state (the day of a
 * time-only line, the DST pass) and are used by one thread.
 *
 * <ul>
 *   <li>{@link io.tracelake.parsers.text.PatternLayoutParser#compile(String)}: a Logback or Log4j2
 *       PatternLayout string ({@code %d{...} %-5level [%thread] %logger{36} [%X{traceId}] - %msg%n}).</li>
 *   <li>{@link io.tracelake.parsers.text.SpringBootConsoleParser#format()}: Spring Boot's default
 *       console/file format, Boot 2.x and 3.x, with Sleuth's {@code [app,trace,span]} or Micrometer's
 *       {@code [trace-span]} ids; {@code format(datePattern)} for a custom LOG_DATEFORMAT_PATTERN.</li>
 *   <li>{@link io.tracelake.parsers.text.GrokParser#compile(String, java.util.Map, FieldMapping, String)}:
 *       a Logstash grok expression with the standard pattern library and the caller's patterns.</li>
 *   <li>{@link io.tracelake.parsers.text.RegexParser#compile(String, FieldMapping, String)}: a regex
 *       with named groups.</li>
 *   <li>{@link io.tracelake.parsers.text.LogfmtParser#format(FieldMapping, String)}: logfmt.</li>
 *   <li>{@link io.tracelake.parsers.text.AccessLogParser#nginx()}, {@code apache()}, {@code envoy()}:
 *       access logs, one request per event.</li>
 * </ul>
 *
 * <p>Grok, regex and logfmt map their named fields to event fields with a
 * {@link io.tracelake.parsers.text.FieldMapping} (defaults, or role name to field names, e.g.
 * {@code traceId: [tid]}); a {@code datePattern} argument, when not null, says how their timestamp
 * field is written ({@code SimpleDateFormat}-style or a Logback/Log4j2 name, see
 * {@link io.tracelake.parsers.text.time.DatePattern}), else ISO-8601, epoch numbers and the usual log
 * forms are recognised. Ids are put in the event as logged (trimmed, "-" and blank as null); a later
 * step normalises them. Lines are decoded leniently: a malformed UTF-8 byte becomes U+FFFD.
 */
package io.tracelake.parsers.text;
