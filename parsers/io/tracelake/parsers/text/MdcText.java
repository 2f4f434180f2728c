package io.tracelake.parsers.text;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the whole MDC as a layout prints it: {@code k=v, k=v} (Logback) or {@code {k=v, k=v}} (Log4j2). */
final class MdcText {

  private MdcText() {}

  static Map<String, String> parse(byte[] line, int from, int to) {
    Map<String, String> entries = new LinkedHashMap<>();
    from = LineBytes.skipSpaces(line, from, to);
    while (to > from && LineBytes.isSpace(line[to - 1])) {
      to--;
    }
    if (to - from >= 2 && line[from] == '{' && line[to - 1] == '}') {
      from++;
      to--;
    }
    int pos = from;
    while (pos < to) {
      int comma = LineBytes.indexOf(line, pos, to, (byte) ',');
      int entryEnd = comma < 0 ? to : comma;
      int equals = LineBytes.indexOf(line, pos, entryEnd, (byte) '=');
      if (equals > pos) {
        String key = LineBytes.trimmedOrNull(line, pos, equals);
        String value = LineBytes.trimmedOrNull(line, equals + 1, entryEnd);
        if (key != null && value != null) {
          entries.putIfAbsent(key, value);
        }
      }
      pos = entryEnd + 1;
    }
    return entries;
  }
}
