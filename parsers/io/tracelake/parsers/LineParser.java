package io.tracelake.parsers;

import io.tracelake.model.LogEvent;

/** Turns the bytes of one log line into an event. Implementations are stateless and thread-confined. */
public interface LineParser {

  /**
   * @param line raw UTF-8 bytes; the line is {@code line[off, off + len)}, without its terminator
   * @throws LineRejectedException when the line is not an entry of this format, with the reason
   */
  LogEvent parse(byte[] line, int off, int len) throws LineRejectedException;
}
