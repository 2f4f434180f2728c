package io.tracelake.parsers.text;

import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParser;

/**
 * A text log format compiled and checked once (a bad pattern fails when the config is read), which
 * then gives one parser per file: parsers keep per-file state such as the day of the last line.
 */
@FunctionalInterface
public interface TextFormat {

  /** A parser for one file, used by one thread. */
  LineParser newParser(FileContext context);
}
