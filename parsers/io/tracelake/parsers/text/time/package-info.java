/**
 * Date patterns for reading log timestamps straight from line bytes into UTC epoch microseconds:
 * {@link io.tracelake.parsers.text.time.DatePattern#compile(String)} takes a {@code SimpleDateFormat}-style
 * pattern or a Logback/Log4j2 named format, {@link io.tracelake.parsers.text.time.DatePattern#iso8601()}
 * the ISO-8601 forms logs write; {@link io.tracelake.parsers.text.time.DatePattern#newReader} gives the
 * per-file {@link io.tracelake.parsers.text.time.DateReader} that completes dates and zones.
 */
package io.tracelake.parsers.text.time;
