package io.tracelake.parsers;

import io.tracelake.model.LogEvent;

/** Turns the bytes of one log line into an event. Implementations are stateless and thread-confined. */
public interface LineParser {

  /**
   * @param line raw UTF-8 bytes; the line is {@code line[off, off + len)}, without its terminator
   * @throws LineRejectedException when the line is not an entry of this format, with the reason
   */
  LogEvent parse(byte[] line, int off, int len) throws LineRejectedException;

  /**
   * Parses a line whose entry may carry no time of its own: such an entry takes {@code fallbackTimeUs}
   * (the time a container runtime's envelope stamped the line with) and says so in its
   * {@link io.tracelake.model.TimeSource}. Formats that always carry a time ignore the fallback.
   *
   * @param fallbackTimeUs epoch microseconds, or {@link Long#MIN_VALUE} when there is none
   */
  default LogEvent parse(byte[] line, int off, int len, long fallbackTimeUs) throws LineRejectedException {
    return parse(line, off, len);
  }
}
