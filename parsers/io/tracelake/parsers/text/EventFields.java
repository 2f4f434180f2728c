package io.tracelake.parsers.text;

import io.tracelake.parsers.FieldRole;
import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.model.TimeSource;
import io.tracelake.parsers.Levels;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.Timestamps;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Collects the named fields of one line (grok or regex captures, logfmt pairs) by their role and
 * turns them into an event. Reused from line to line by one parser.
 */
final class EventFields {
  private static final int ROLES = FieldRole.values().length;

  private final FieldMapping mapping;
  private final TimestampText timestamps;
  private final String[] values = new String[ROLES];
  private final String[] names = new String[ROLES];
  private final int[] priorities = new int[ROLES];
  private Map<String, String> attributes;

  EventFields(FieldMapping mapping, TimestampText timestamps) {
    this.mapping = mapping;
    this.timestamps = timestamps;
    clear();
  }

  void clear() {
    Arrays.fill(values, null);
    Arrays.fill(priorities, Integer.MAX_VALUE);
    attributes = null;
  }

  /** Adds a field; a null value is no field. {@code slot} is the name's slot in the mapping (null: attribute). */
  void put(String name, FieldMapping.Slot slot, String value) {
    if (value == null) {
      return;
    }
    if (slot == null) {
      attribute(name, value);
      return;
    }
    FieldRole role = slot.role();
    if (role == FieldRole.IGNORED) {
      return;
    }
    int r = role.ordinal();
    if (slot.priority() < priorities[r]) {
      if (values[r] != null) {
        attribute(names[r], values[r]); // a lower-ranked name of the role keeps its value as an attribute
      }
      values[r] = value;
      names[r] = name;
      priorities[r] = slot.priority();
    } else {
      attribute(name, value);
    }
  }

  void put(String name, String value) {
    put(name, mapping.slot(name), value);
  }

  void attribute(String name, String value) {
    if (attributes == null) {
      attributes = new LinkedHashMap<>();
    }
    attributes.putIfAbsent(name, value);
  }

  /** The event; one without a timestamp field takes {@code fallbackTimeUs} when there is one (not MIN_VALUE). */
  LogEvent toEvent(long fallbackTimeUs) throws LineRejectedException {
    String time = values[FieldRole.TIMESTAMP.ordinal()];
    boolean noTime = time == null || time.isBlank();
    if (noTime && fallbackTimeUs == Long.MIN_VALUE) {
      throw new LineRejectedException(RejectReason.MISSING_TIMESTAMP,
          "no timestamp field (" + mapping.namesOf(FieldRole.TIMESTAMP) + ")");
    }
    long micros = noTime ? fallbackTimeUs : timestamps.read(time);
    if (micros == Timestamps.INVALID) {
      throw new LineRejectedException(RejectReason.BAD_TIMESTAMP, "field '" + names[FieldRole.TIMESTAMP.ordinal()]
          + "' value '" + abbreviate(time) + "' is not " + timestamps.description());
    }
    RequestTarget target = RequestTarget.of(values[FieldRole.HTTP_PATH.ordinal()]);
    String method = id(values[FieldRole.HTTP_METHOD.ordinal()]);
    if (target != null) {
      if (method == null) {
        method = target.method();
      }
      if (target.query() != null) {
        attribute("query", target.query());
      }
    }
    return new LogEvent(micros,
        Levels.normalize(values[FieldRole.LEVEL.ordinal()]),
        id(values[FieldRole.SERVICE.ordinal()]),
        id(values[FieldRole.INSTANCE.ordinal()]),
        id(values[FieldRole.LOGGER.ordinal()]),
        id(values[FieldRole.THREAD.ordinal()]),
        values[FieldRole.MESSAGE.ordinal()],
        id(values[FieldRole.TRACE_ID.ordinal()]),
        id(values[FieldRole.SPAN_ID.ordinal()]),
        id(values[FieldRole.PARENT_SPAN_ID.ordinal()]),
        id(values[FieldRole.REQUEST_ID.ordinal()]),
        null,
        null,
        method,
        target == null ? null : target.path(),
        status(),
        duration(),
        null,
        attributes == null ? Map.of() : attributes,
        noTime ? TimeSource.ENVELOPE : TimeSource.LINE);
  }

  private Integer status() {
    String text = id(values[FieldRole.HTTP_STATUS.ordinal()]);
    if (text == null) {
      return null;
    }
    Integer status = HttpStatuses.parse(text);
    if (status == null) {
      attribute(names[FieldRole.HTTP_STATUS.ordinal()], text);
    }
    return status;
  }

  /** The most precise duration the line has, in µs. */
  private Long duration() {
    return Durations.mostPrecise(role -> id(values[role.ordinal()]), (role, text) -> attribute(names[role.ordinal()], text));
  }

  /** Trimmed; null for blank and for "-", which logs write for a missing value. */
  static String id(String value) {
    if (value == null) {
      return null;
    }
    String trimmed = value.strip();
    return trimmed.isEmpty() || trimmed.equals("-") ? null : trimmed;
  }

  static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
