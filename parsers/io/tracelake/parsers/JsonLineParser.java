package io.tracelake.parsers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import java.io.IOException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses JSON-lines logs (one object per line) with a streaming parser over the raw bytes.
 *
 * <p>Nested objects are flattened to dotted names ({@code {"log":{"level":"info"}}} is {@code log.level}),
 * so a mapping can name nested fields; arrays are kept as their JSON text.
 */
public final class JsonLineParser implements LineParser {

  private enum Role { TIMESTAMP, LEVEL, MESSAGE, LOGGER, THREAD, TRACE_ID, SPAN_ID, PARENT_SPAN_ID, SERVICE, INSTANCE }

  private record Slot(Role role, int priority) {}

  private static final Slot IGNORED = new Slot(null, 0);
  private static final int ROLES = Role.values().length;
  // the mapper only serves arrays' text; the factory is thread-safe and shared
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Map<String, Slot> slots = new HashMap<>();
  private final String timestampFieldNames;
  private final ZoneId zoneWithoutOffset;

  public JsonLineParser(JsonFieldMapping mapping, ZoneId zoneWithoutOffset) {
    this.zoneWithoutOffset = zoneWithoutOffset;
    mapping.ignored().forEach(name -> slots.put(name, IGNORED));
    assign(Role.TIMESTAMP, mapping.timestamp());
    assign(Role.LEVEL, mapping.level());
    assign(Role.MESSAGE, mapping.message());
    assign(Role.LOGGER, mapping.logger());
    assign(Role.THREAD, mapping.thread());
    assign(Role.TRACE_ID, mapping.traceId());
    assign(Role.SPAN_ID, mapping.spanId());
    assign(Role.PARENT_SPAN_ID, mapping.parentSpanId());
    if (mapping.service() != null) {
      assign(Role.SERVICE, List.of(mapping.service()));
    }
    if (mapping.instance() != null) {
      assign(Role.INSTANCE, List.of(mapping.instance()));
    }
    this.timestampFieldNames = String.join(" or ", mapping.timestamp());
  }

  private void assign(Role role, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      slots.put(names.get(i), new Slot(role, i));
    }
  }

  /** Values found for the roles, keeping the highest-priority field of each. */
  private static final class Found {
    final Object[] values = new Object[ROLES];
    final int[] priorities = new int[ROLES];
    final Map<String, String> attributes = new LinkedHashMap<>();

    Found() {
      Arrays.fill(priorities, Integer.MAX_VALUE);
    }

    void offer(Slot slot, Object value) {
      int role = slot.role().ordinal();
      if (value != null && slot.priority() < priorities[role]) {
        values[role] = value;
        priorities[role] = slot.priority();
      }
    }

    String text(Role role) {
      Object value = values[role.ordinal()];
      return value == null ? null : value.toString();
    }
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len) throws LineRejectedException {
    Found found = new Found();
    try (JsonParser parser = MAPPER.getFactory().createParser(line, off, len)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new LineRejectedException(RejectReason.NOT_AN_OBJECT, "line is JSON but not an object");
      }
      readObject(parser, null, found);
      if (parser.nextToken() != null) {
        throw new LineRejectedException(RejectReason.MALFORMED_JSON,
            "unexpected content after the JSON object at column " + parser.currentLocation().getColumnNr());
      }
    } catch (JsonProcessingException e) {
      if (!Utf8.isValid(line, off, len)) {
        throw new LineRejectedException(RejectReason.INVALID_UTF8, "line is not valid UTF-8");
      }
      throw new LineRejectedException(RejectReason.MALFORMED_JSON,
          "malformed JSON at column " + e.getLocation().getColumnNr() + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      // parsing a byte array does no I/O; anything else Jackson throws is a malformed line
      throw new LineRejectedException(RejectReason.MALFORMED_JSON, "malformed JSON: " + firstLine(e.getMessage()));
    }
    return toEvent(found);
  }

  private void readObject(JsonParser parser, String prefix, Found found) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String name = prefix == null ? parser.currentName() : prefix + parser.currentName();
      JsonToken token = parser.nextToken();
      Slot slot = slots.get(name);
      if (slot == IGNORED) {
        parser.skipChildren();
      } else if (token == JsonToken.START_OBJECT) {
        readObject(parser, name + ".", found);
      } else if (token == JsonToken.START_ARRAY) {
        String json = MAPPER.readTree(parser).toString();
        if (slot == null) {
          found.attributes.put(name, json);
        }
      } else if (slot == null) {
        if (token != JsonToken.VALUE_NULL) {
          found.attributes.put(name, parser.getText());
        }
      } else if (slot.role() == Role.TIMESTAMP && token == JsonToken.VALUE_NUMBER_INT) {
        found.offer(slot, parser.getLongValue());
      } else if (slot.role() == Role.TIMESTAMP && token == JsonToken.VALUE_NUMBER_FLOAT) {
        found.offer(slot, parser.getDoubleValue());
      } else if (token != JsonToken.VALUE_NULL) {
        found.offer(slot, parser.getText());
      }
    }
  }

  private LogEvent toEvent(Found found) throws LineRejectedException {
    Object timestamp = found.values[Role.TIMESTAMP.ordinal()];
    if (timestamp == null) {
      throw new LineRejectedException(RejectReason.MISSING_TIMESTAMP, "no " + timestampFieldNames + " field");
    }
    long micros = toMicros(timestamp);
    if (micros == Timestamps.INVALID) {
      throw new LineRejectedException(RejectReason.BAD_TIMESTAMP,
          timestampFieldNames + " '" + abbreviate(timestamp.toString()) + "' is not an ISO-8601 time or epoch number");
    }
    return new LogEvent(micros,
        Levels.normalize(found.text(Role.LEVEL)),
        found.text(Role.SERVICE),
        found.text(Role.INSTANCE),
        found.text(Role.LOGGER),
        found.text(Role.THREAD),
        found.text(Role.MESSAGE),
        Ids.normalize(found.text(Role.TRACE_ID)),
        Ids.normalize(found.text(Role.SPAN_ID)),
        Ids.normalize(found.text(Role.PARENT_SPAN_ID)),
        found.attributes);
  }

  private long toMicros(Object timestamp) {
    if (timestamp instanceof Long number) {
      return Timestamps.fromEpochNumber(number);
    }
    if (timestamp instanceof Double number) {
      return Timestamps.fromEpochNumber(number);
    }
    String text = ((String) timestamp).trim();
    if (!text.isEmpty() && text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Timestamps.fromEpochNumber(Long.parseLong(text));
      } catch (NumberFormatException e) {
        return Timestamps.INVALID;
      }
    }
    return Timestamps.parseIso(text, zoneWithoutOffset);
  }

  private static String abbreviate(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }
}
