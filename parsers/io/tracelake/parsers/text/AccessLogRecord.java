package io.tracelake.parsers.text;

import java.util.LinkedHashMap;
import java.util.Map;

/** What an access-log format read from one line, before it becomes an event. */
final class AccessLogRecord {
  long timestampUs;
  long durationUs;
  String requestLine;
  String requestId;
  int status;
  Map<String, String> attributes;

  void clear() {
    timestampUs = 0;
    durationUs = -1;
    requestLine = null;
    requestId = null;
    status = -1;
    attributes = new LinkedHashMap<>();
  }

  /** Keeps a value as an attribute unless it is missing (null, empty or "-"). */
  void attribute(String name, String value) {
    if (value != null && !value.isEmpty() && !value.equals("-")) {
      attributes.putIfAbsent(name, value);
    }
  }
}
