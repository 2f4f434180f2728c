package io.tracelake.parsers.text;

import io.tracelake.parsers.LineRejectedException;

/** One access-log layout: reads a line's fields into a record. One instance per file. */
interface AccessLogFormat {

  void read(AccessLogCursor cursor, AccessLogRecord record) throws LineRejectedException;
}
