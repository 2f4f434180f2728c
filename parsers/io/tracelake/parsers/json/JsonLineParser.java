package io.tracelake.parsers.json;

import io.tracelake.parsers.FieldRole;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.model.TimeSource;
import io.tracelake.parsers.ExceptionHeadline;
import io.tracelake.parsers.LevelNumbering;
import io.tracelake.parsers.Levels;
import io.tracelake.parsers.LineParser;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.RepeatedText;
import io.tracelake.parsers.Timestamps;
import io.tracelake.parsers.Utf8;
import io.tracelake.parsers.context.TraceIds;
import io.tracelake.parsers.text.Durations;
import io.tracelake.parsers.text.HttpStatuses;
import io.tracelake.parsers.text.RequestTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Parses JSON-lines logs (one object per line) with a streaming parser over the raw bytes, as a
 * {@link JsonFieldMapping} says. A line of well-formed UTF-8 strings, numbers, literals and objects (most of a
 * day's) is read by {@link Utf8JsonCursor} without Jackson; any other line, and any line that cursor finds wrong, by
 * Jackson, whose verdict then stands.
 *
 * <p>Nested objects are flattened to dotted names ({@code {"log":{"level":"info"}}} is {@code log.level});
 * arrays are kept as their JSON text, except the mapping's key-value lists, read as objects. Ids are
 * put as logged (trimmed): {@code io.tracelake.parsers.context.TraceContextResolver} normalises them.
 */
public final class JsonLineParser implements LineParser {

  /**
   * Where a field goes: a role at a priority (lower wins), and the next role of a field serving several;
   * {@code decimalId} for a Datadog id, logged in decimal.
   */
  private record Slot(FieldRole role, int priority, Slot next, boolean decimalId) {}

  private static final Slot IGNORED = new Slot(null, 0, null, false);
  private static final FieldRole[] ROLES = FieldRole.values();
  // the mapper only serves arrays; its factory is thread-safe and shared. Rejects name the column, so
  // Jackson need not copy the line into its error locations.
  private static final ObjectMapper MAPPER =
      new ObjectMapper(JsonFactory.builder().disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION).build());

  /** Bound on the fields remembered in {@link #root}: lines with ever new field names must not fill the heap. */
  private static final int MAX_KNOWN_FIELDS = 4096;
  /**
   * Longer lines, and objects nested deeper, go to Jackson: it enforces limits of its own (strings of 20 million
   * characters, nesting 1,000 deep) that the fast path must not read past.
   */
  private static final int MAX_PLAIN_LINE_BYTES = 16 << 20;
  private static final int MAX_PLAIN_DEPTH = 64;

  private final Map<String, Slot> slots = new HashMap<>();
  /**
   * The fields seen so far as a tree that mirrors the nesting of the lines, each with its dotted name
   * and slot: a nested field costs one lookup by the name Jackson hands over (interned, its hash
   * cached) instead of building and hashing its dotted name on every line.
   */
  private final Field root = new Field(null, null, null);
  private int knownFields;
  private final Set<String> keyValueLists;
  private final LevelNumbering levelNumbering;
  private final String timestampFieldNames;
  private final ZoneId zoneWithoutOffset;
  /** The fast path's cursor, reused line after line (a parser serves one thread). */
  private final Utf8JsonCursor cursor = new Utf8JsonCursor();
  private final JacksonNumber jacksonNumber = new JacksonNumber();

  /** Whether lines of strings, numbers and objects are read without Jackson ({@link Utf8JsonCursor}). */
  private final boolean fastPath;
  /** Lines the fast path read (their event or rejection decided without Jackson): for tests and benchmarks. */
  private long linesWithoutJackson;

  public JsonLineParser(JsonFieldMapping mapping, ZoneId zoneWithoutOffset) {
    this(mapping, zoneWithoutOffset, true);
  }

  /** {@code fastPath} false reads every line with Jackson: what the fast path is tested and measured against. */
  JsonLineParser(JsonFieldMapping mapping, ZoneId zoneWithoutOffset, boolean fastPath) {
    this.fastPath = fastPath;
    this.zoneWithoutOffset = zoneWithoutOffset;
    this.keyValueLists = mapping.keyValueLists();
    this.levelNumbering = mapping.levelNumbering();
    mapping.ignored().forEach(name -> slots.put(name, IGNORED));
    // assigned in reverse so that each field's chain lists its roles in declaration order
    for (int r = ROLES.length - 1; r >= 0; r--) {
      List<String> names = mapping.fields(ROLES[r]);
      for (int i = 0; i < names.size(); i++) {
        Slot existing = slots.get(names.get(i));
        boolean decimalId = (ROLES[r] == FieldRole.TRACE_ID || ROLES[r] == FieldRole.SPAN_ID)
            && JsonFieldMapping.isDecimalIdField(names.get(i));
        slots.put(names.get(i), new Slot(ROLES[r], i, existing == IGNORED ? null : existing, decimalId));
      }
    }
    this.timestampFieldNames = String.join(" or ", mapping.fields(FieldRole.TIMESTAMP));
  }

  long linesWithoutJackson() {
    return linesWithoutJackson;
  }

  /** A field name as met in the lines: its dotted name, its slot (null when it serves no role), its children. */
  private final class Field {
    final String key;
    /**
     * The key's UTF-8 bytes, as the fast path meets it unescaped in a line; null for a key that UTF-8 cannot hold
     * (a lone surrogate, which encodes as '?' and would match a line's own '?').
     */
    final byte[] keyBytes;
    /**
     * The member's name as a line writes it when the key is plain (printable ASCII, no quote, no backslash) and no
     * whitespace stands before the colon: {@code "key":}. Null for any other key, which is always scanned.
     */
    final byte[] memberToken;
    final String name;
    final Slot slot;
    private Map<String, Field> children;
    /** For a key-value list: the child met at each position of the list last time, as lines repeat their keys. */
    private Field[] byPosition;
    /** For an object read by the fast path: the member met at each position last time. */
    private Field[] membersByPosition;
    /**
     * The member that came after this one in its object last time: a line that adds or leaves out a member shifts
     * the positions of those after it, not their order.
     */
    private Field nextMember;
    /** Whether its parent keeps this field among its children (the parser keeps {@value #MAX_KNOWN_FIELDS} at most). */
    private boolean kept;
    /** The text this field held on an earlier line, the same String for the same text ({@link RepeatedText}). */
    final RepeatedText repeatedText = new RepeatedText();

    Field(String key, String name, Slot slot) {
      this.key = key;
      byte[] utf8 = key == null ? null : key.getBytes(StandardCharsets.UTF_8);
      this.keyBytes = utf8 != null && new String(utf8, StandardCharsets.UTF_8).equals(key) ? utf8 : null;
      this.memberToken = isPlain(keyBytes) ? ("\"" + key + "\":").getBytes(StandardCharsets.US_ASCII) : null;
      this.name = name;
      this.slot = slot;
    }

    Field child(String key) {
      Field child = children == null ? null : children.get(key);
      if (child == null) {
        String childName = name == null ? key : name + "." + key;
        child = new Field(key, childName, slots.get(childName));
        if (knownFields < MAX_KNOWN_FIELDS) {
          if (children == null) {
            children = new HashMap<>();
          }
          children.put(key, child);
          child.kept = true;
          knownFields++;
        }
      }
      return child;
    }

    /** The child named by the string token at the parser, compared in place with last line's key at this position. */
    Field childAt(int position, JsonParser parser) throws IOException {
      if (byPosition != null && position < byPosition.length) {
        Field known = byPosition[position];
        if (known != null && sameText(parser, known.key)) {
          return known;
        }
      }
      Field child = child(parser.getText());
      byPosition = remember(byPosition, position, child);
      return child;
    }

    /**
     * The member whose name stands under the cursor, when it is the member that came after {@code previous} last
     * time or last line's member at this position, written as {@link #memberToken}: the cursor is then past the
     * colon, the name not scanned. Null, the cursor unmoved, for any other name (most lines repeat their members).
     */
    Field knownMember(int position, Field previous, Utf8JsonCursor cursor) {
      Field next = previous == null ? null : previous.nextMember;
      if (next != null && cursor.memberNamed(next.memberToken)) {
        return next;
      }
      if (membersByPosition != null && position < membersByPosition.length) {
        Field known = membersByPosition[position];
        if (known != null && known != next && cursor.memberNamed(known.memberToken)) {
          rememberAfter(previous, known);
          return known;
        }
      }
      return null;
    }

    /**
     * The member named by the string the cursor just read, compared in place with the member that came after
     * {@code previous} last time (null: the first member), then with last line's member at this position; null when
     * the name has an escape JSON does not have. Called when {@link #knownMember} missed: the same two candidates are
     * compared again here for the names it cannot take by their token (a name beyond printable ASCII, a space before
     * the colon).
     */
    Field member(int position, Field previous, Utf8JsonCursor cursor) {
      Field next = previous == null ? null : previous.nextMember;
      if (next != null && next.keyBytes != null && cursor.stringEquals(next.keyBytes)) {
        return next;
      }
      if (membersByPosition != null && position < membersByPosition.length) {
        Field known = membersByPosition[position];
        if (known != null && known != next && known.keyBytes != null && cursor.stringEquals(known.keyBytes)) {
          rememberAfter(previous, known);
          return known;
        }
      }
      String key = cursor.text();
      if (key == null) {
        return null;
      }
      Field child = child(key);
      membersByPosition = remember(membersByPosition, position, child);
      rememberAfter(previous, child);
      return child;
    }

    /** Whether a key's bytes are printable ASCII without a quote or a backslash, and short enough for the fast path. */
    private static boolean isPlain(byte[] key) {
      if (key == null || key.length > Utf8JsonCursor.MAX_NAME_BYTES) {
        return false;
      }
      for (byte b : key) {
        if (b < 0x20 || b > 0x7E || b == '"' || b == '\\') {
          return false;
        }
      }
      return true;
    }

    /** Notes that {@code child} came after {@code previous}, when both are kept. */
    private void rememberAfter(Field previous, Field child) {
      if (previous != null && previous.kept && child.kept) {
        previous.nextMember = child;
      }
    }

    /** {@code byPosition} with {@code child} at {@code position}, when the child is one this field keeps. */
    private Field[] remember(Field[] byPosition, int position, Field child) {
      if (position < 32 && child.kept) {
        if (byPosition == null) {
          byPosition = new Field[32];
        }
        byPosition[position] = child;
      }
      return byPosition;
    }
  }

  /** A number token's value, from Jackson or from the fast path's cursor. */
  interface NumberToken {
    long longValue() throws IOException;

    double doubleValue() throws IOException;

    String numberText() throws IOException;
  }

  private static final class JacksonNumber implements NumberToken {
    JsonParser parser;

    @Override
    public long longValue() throws IOException {
      return parser.getLongValue();
    }

    @Override
    public double doubleValue() throws IOException {
      return parser.getDoubleValue();
    }

    @Override
    public String numberText() throws IOException {
      return parser.getText();
    }
  }

  private static boolean sameText(JsonParser parser, String text) throws IOException {
    int length = parser.getTextLength();
    if (length != text.length()) {
      return false;
    }
    char[] chars = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    for (int i = 0; i < length; i++) {
      if (chars[offset + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Values found for the roles, keeping the highest-priority field of each. */
  private final class Found {
    final Object[] values = new Object[ROLES.length];
    /** Priority + 1 of each value held; 0 while none. */
    final int[] ranks = new int[ROLES.length];
    final Map<String, String> attributes = new LinkedHashMap<>();

    boolean wants(Slot slot) {
      int rank = ranks[slot.role().ordinal()];
      return rank == 0 || slot.priority() < rank - 1;
    }

    /** False when every role of the field already holds a better value: its text need not be read. */
    boolean wantsAny(Slot slot) {
      for (; slot != null; slot = slot.next()) {
        if (slot.role() == FieldRole.EXCEPTION || wants(slot)) {
          return true;
        }
      }
      return false;
    }

    void put(Slot slot, Object value) {
      values[slot.role().ordinal()] = value;
      ranks[slot.role().ordinal()] = slot.priority() + 1;
    }

    /** Offers a field's text to each of its roles. */
    void offerText(String name, Slot slot, String text) {
      for (; slot != null; slot = slot.next()) {
        offerTextTo(name, slot, text);
      }
    }

    private void offerTextTo(String name, Slot slot, String text) {
      if (slot.role() == FieldRole.EXCEPTION) {
        attributes.put(name, text);
      }
      if (!wants(slot) || (slot.role() != FieldRole.MESSAGE && text.isBlank())) {
        return;
      }
      switch (slot.role()) {
        case LEVEL -> {
          String level = Levels.normalize(text, levelNumbering);
          if (level != null) {
            put(slot, level);
          }
        }
        case TIMESTAMP -> {
          if (!isZero(text)) {
            put(slot, text);
          }
        }
        default -> put(slot, slot.decimalId() ? TraceIds.decimalAsHex(text) : text);
      }
    }

    /** Offers a number to each role of a field: as a number to timestamp (and level), as text to the rest. */
    void offerNumber(String name, Slot slot, NumberToken number, boolean integral) throws IOException {
      for (; slot != null; slot = slot.next()) {
        if (slot.role() == FieldRole.TIMESTAMP) {
          Object value = integral ? (Object) number.longValue() : (Object) number.doubleValue();
          if (wants(slot) && ((Number) value).doubleValue() != 0) {
            put(slot, value);
          }
        } else if (slot.role() == FieldRole.LEVEL && integral) {
          if (wants(slot)) {
            String level = Levels.fromNumber(number.longValue(), levelNumbering);
            if (level != null) {
              put(slot, level);
            }
          }
        } else {
          offerTextTo(name, slot, number.numberText());
        }
      }
    }

    String text(FieldRole role) {
      Object value = values[role.ordinal()];
      return value == null ? null : value.toString();
    }

    String id(FieldRole role) {
      String value = text(role);
      return value == null ? null : value.trim();
    }

    /** The HTTP status as a number; a status that is none stays an attribute. */
    Integer status() {
      String text = id(FieldRole.HTTP_STATUS);
      if (text == null) {
        return null;
      }
      Integer status = HttpStatuses.parse(text);
      if (status == null) {
        attributes.put(FieldRole.HTTP_STATUS.configName(), text);
      }
      return status;
    }

    /** The most precise duration the line has, in µs; one that is not a duration stays an attribute. */
    Long durationUs() {
      return Durations.mostPrecise(this::id, (role, text) -> attributes.put(role.configName(), text));
    }
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len) throws LineRejectedException {
    return parse(line, off, len, Long.MIN_VALUE);
  }

  @Override
  public LogEvent parse(byte[] line, int off, int len, long fallbackTimeUs) throws LineRejectedException {
    Found found = new Found();
    if (fastPath && len <= MAX_PLAIN_LINE_BYTES) {
      if (readPlain(line, off, len, found)) {
        linesWithoutJackson++;
        return toEvent(found, fallbackTimeUs);
      }
      found = new Found(); // the fast path may have filled part of it
    }
    try (JsonParser parser = MAPPER.getFactory().createParser(line, off, len)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw new LineRejectedException(RejectReason.NOT_AN_OBJECT, "line is JSON but not an object");
      }
      readObject(parser, root, found);
      if (parser.nextToken() != null) {
        throw new LineRejectedException(RejectReason.MALFORMED_JSON,
            "unexpected content after the JSON object at column " + parser.currentLocation().getColumnNr());
      }
    } catch (JsonProcessingException e) {
      if (!Utf8.isValid(line, off, len)) {
        throw new LineRejectedException(RejectReason.INVALID_UTF8, "line is not valid UTF-8");
      }
      throw new LineRejectedException(RejectReason.MALFORMED_JSON,
          "malformed JSON" + atColumn(e) + ": " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      // parsing a byte array does no I/O; anything else Jackson throws is a malformed line
      throw new LineRejectedException(RejectReason.MALFORMED_JSON, "malformed JSON: " + firstLine(e.getMessage()));
    }
    return toEvent(found, fallbackTimeUs);
  }

  private void readObject(JsonParser parser, Field parent, Found found) throws IOException, LineRejectedException {
    JsonToken token;
    while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
      Field field = parent.child(parser.currentName());
      String name = field.name;
      Slot slot = field.slot;
      token = parser.nextToken();
      if (slot == IGNORED) {
        parser.skipChildren();
      } else if (token == JsonToken.START_OBJECT) {
        readObject(parser, field, found);
      } else if (token == JsonToken.START_ARRAY) {
        if (slot == null && keyValueLists.contains(name)) {
          readKeyValueList(parser, field, found);
        } else {
          ArrayNode array = (ArrayNode) MAPPER.readTree(parser);
          offer(name, slot, arrayText(array, slot), found);
        }
      } else if (slot != null && token == JsonToken.VALUE_NUMBER_INT
          && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
        jacksonNumber.parser = parser;
        found.offerNumber(name, slot, jacksonNumber, true);
      } else if (slot != null && token == JsonToken.VALUE_NUMBER_FLOAT) {
        jacksonNumber.parser = parser;
        found.offerNumber(name, slot, jacksonNumber, false);
      } else if (token != JsonToken.VALUE_NULL && token != null && (slot == null || found.wantsAny(slot))) {
        offer(name, slot, parser.getText(), found);
      }
    }
    if (token != JsonToken.END_OBJECT) {
      throw new LineRejectedException(RejectReason.MALFORMED_JSON, "the JSON object is not closed");
    }
  }

  /**
   * The fast path: reads a line that {@link Utf8JsonCursor} can read (well-formed UTF-8; strings, numbers,
   * literals and objects) into {@code found} as {@link #readObject} would; false for any other line, {@code found}
   * then half-filled.
   */
  private boolean readPlain(byte[] line, int off, int len, Found found) {
    Utf8JsonCursor c = cursor;
    c.reset(line, off, len);
    if (c.skipWhitespace() != '{') {
      return false;
    }
    c.pos++;
    return readPlainObject(root, found, 1) && c.skipWhitespace() == -1;
  }

  /** An object's members after its opening brace; {@code parent} null for an ignored object, read but not kept. */
  private boolean readPlainObject(Field parent, Found found, int depth) {
    Utf8JsonCursor c = cursor;
    if (depth > MAX_PLAIN_DEPTH) {
      return false;
    }
    int b = c.skipWhitespace();
    if (b == '}') {
      c.pos++;
      return true;
    }
    Field field = null;
    for (int position = 0; ; position++) {
      if (b != '"') {
        return false;
      }
      Field known = parent == null ? null : parent.knownMember(position, field, c);
      if (known != null) {
        field = known; // the cursor is past the colon
      } else {
        if (!c.string() || !c.nameFits()) {
          return false;
        }
        if (parent != null) {
          field = parent.member(position, field, c);
          if (field == null) {
            return false;
          }
        } else if (!c.escapesValid()) {
          return false;
        }
        if (c.skipWhitespace() != ':') {
          return false;
        }
        c.pos++;
      }
      if (!readPlainValue(c.skipWhitespace(), field, found, depth)) {
        return false;
      }
      b = c.skipWhitespace();
      if (b == '}') {
        c.pos++;
        return true;
      }
      if (b != ',') {
        return false;
      }
      c.pos++;
      b = c.skipWhitespace();
    }
  }

  /** A member's value under the cursor, offered as {@link #readObject} offers it; {@code field} null when ignored. */
  private boolean readPlainValue(int b, Field field, Found found, int depth) {
    Utf8JsonCursor c = cursor;
    Slot slot = field == null ? IGNORED : field.slot;
    switch (b) {
      case '{' -> {
        c.pos++;
        return readPlainObject(slot == IGNORED ? null : field, found, depth + 1);
      }
      case '"' -> {
        // a value as it stood on the last line is taken without a scan (a scanned one is then another value); an
        // ignored field remembers none
        String text = slot == IGNORED ? null : c.repeatedString(field.repeatedText);
        if (text == null) {
          if (!c.string()) {
            return false;
          }
          if (slot == IGNORED || (slot != null && !found.wantsAny(slot))) {
            return c.escapesValid();
          }
          text = c.text();
          if (text == null) {
            return false;
          }
          c.remember(field.repeatedText, text);
        } else if (slot != null && !found.wantsAny(slot)) {
          return true;
        }
        offer(field.name, slot, text, found);
        return true;
      }
      case 't', 'f' -> {
        String literal = b == 't' ? "true" : "false";
        if (!c.literal(literal)) {
          return false;
        }
        if (slot != IGNORED && (slot == null || found.wantsAny(slot))) {
          offer(field.name, slot, literal, found);
        }
        return true;
      }
      case 'n' -> {
        return c.literal("null");
      }
      default -> {
        if ((b != '-' && (b < '0' || b > '9')) || !c.number()) {
          return false;
        }
        if (slot == null) {
          found.attributes.put(field.name, c.numberText());
        } else if (slot != IGNORED) {
          try {
            found.offerNumber(field.name, slot, c, c.integral);
          } catch (IOException e) {
            throw new UncheckedIOException(e); // the cursor's numbers do no I/O
          }
        }
        return true;
      }
    }
  }

  private void offer(String name, Slot slot, String text, Found found) {
    if (slot == null) {
      found.attributes.put(name, text);
    } else if (slot != IGNORED) {
      found.offerText(name, slot, text);
    }
  }

  /**
   * Reads an OpenTelemetry list of {@code {"key":k,"value":AnyValue}} as the fields {@code <list>.k};
   * elements of another shape are dropped.
   */
  private void readKeyValueList(JsonParser parser, Field list, Found found)
      throws IOException, LineRejectedException {
    JsonToken token;
    for (int position = 0; (token = parser.nextToken()) != JsonToken.END_ARRAY; position++) {
      if (token == null) {
        throw new LineRejectedException(RejectReason.MALFORMED_JSON, "a JSON array is not closed");
      }
      if (token != JsonToken.START_OBJECT) {
        parser.skipChildren();
        continue;
      }
      Field keyField = null;
      String text = null;
      JsonNode complex = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("key".equals(field) && value == JsonToken.VALUE_STRING) {
          keyField = list.childAt(position, parser);
        } else if ("value".equals(field) && value == JsonToken.START_OBJECT) {
          // an AnyValue: one of stringValue, intValue, doubleValue, boolValue, bytesValue, arrayValue, kvlistValue
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String kind = parser.currentName();
            JsonToken content = parser.nextToken();
            if (content == JsonToken.START_OBJECT || content == JsonToken.START_ARRAY) {
              complex = MAPPER.createObjectNode().set(kind, MAPPER.readTree(parser));
            } else if (content != JsonToken.VALUE_NULL) {
              text = parser.getText();
            }
          }
        } else if ("value".equals(field) && value == JsonToken.START_ARRAY) {
          complex = MAPPER.readTree(parser);
        } else if ("value".equals(field) && value != JsonToken.VALUE_NULL) {
          text = parser.getText(); // a plain value, as some writers put it
        } else {
          parser.skipChildren();
        }
      }
      if (keyField != null && complex != null) {
        offerAnyValue(keyField.name, complex, found);
      } else if (keyField != null && text != null) {
        offer(keyField.name, keyField.slot, text, found);
      }
    }
  }

  /** Offers a structured AnyValue: a kvlistValue as nested fields, an arrayValue as a plain JSON array. */
  private void offerAnyValue(String name, JsonNode value, Found found) {
    JsonNode kvlist = value.get("kvlistValue");
    if (kvlist != null && kvlist.path("values").isArray()) {
      for (JsonNode pair : kvlist.path("values")) {
        JsonNode key = pair.get("key");
        JsonNode inner = pair.get("value");
        if (key != null && key.isTextual() && inner != null) {
          String innerName = name + "." + key.asText();
          if (inner.isObject() && (inner.has("kvlistValue") || inner.has("arrayValue"))) {
            offerAnyValue(innerName, inner, found);
          } else if (!inner.isNull()) {
            offer(innerName, slots.get(innerName), scalarText(inner), found);
          }
        }
      }
      return;
    }
    offer(name, slots.get(name), plainJson(value).toString(), found);
  }

  private static String scalarText(JsonNode anyValue) {
    if (anyValue.isObject() && anyValue.size() == 1) {
      JsonNode content = anyValue.elements().next();
      if (content.isValueNode()) {
        return content.asText();
      }
    }
    return anyValue.isValueNode() ? anyValue.asText() : anyValue.toString();
  }

  /** AnyValue JSON as plain JSON: {@code {"arrayValue":{"values":[{"stringValue":"a"}]}}} is {@code ["a"]}. */
  private static JsonNode plainJson(JsonNode anyValue) {
    if (anyValue.isObject() && anyValue.size() == 1) {
      String kind = anyValue.fieldNames().next();
      JsonNode content = anyValue.get(kind);
      if ("arrayValue".equals(kind) && content.path("values").isArray()) {
        ArrayNode array = MAPPER.createArrayNode();
        content.path("values").forEach(element -> array.add(plainJson(element)));
        return array;
      }
      if (kind.endsWith("Value") && content.isValueNode()) {
        return content;
      }
    }
    return anyValue;
  }

  /** An array's JSON text; a stack trace logged as an array of lines (ecs-logging's stackTraceAsArray) as its lines. */
  private static String arrayText(ArrayNode array, Slot slot) {
    for (Slot s = slot; s != null && s != IGNORED; s = s.next()) {
      if (s.role() == FieldRole.EXCEPTION) {
        StringBuilder lines = new StringBuilder();
        for (JsonNode element : array) {
          if (lines.length() > 0) {
            lines.append('\n');
          }
          lines.append(element.isValueNode() ? element.asText() : element.toString());
        }
        return lines.toString();
      }
    }
    return array.toString();
  }

  private LogEvent toEvent(Found found, long fallbackTimeUs) throws LineRejectedException {
    Object timestamp = found.values[FieldRole.TIMESTAMP.ordinal()];
    if (timestamp == null && fallbackTimeUs == Long.MIN_VALUE) {
      throw new LineRejectedException(RejectReason.MISSING_TIMESTAMP, "no " + timestampFieldNames + " field");
    }
    long micros = timestamp == null ? fallbackTimeUs : toMicros(timestamp);
    if (micros == Timestamps.INVALID) {
      throw new LineRejectedException(RejectReason.BAD_TIMESTAMP,
          timestampFieldNames + " '" + LineRejectedException.excerpt(timestamp.toString()) + "' is not an ISO-8601 time or epoch number");
    }
    String exceptionType = found.text(FieldRole.EXCEPTION_TYPE);
    String exceptionMessage = found.text(FieldRole.EXCEPTION_MESSAGE);
    String stackTrace = found.text(FieldRole.EXCEPTION);
    if (stackTrace != null && (exceptionType == null || exceptionMessage == null)) {
      ExceptionHeadline headline = ExceptionHeadline.parse(stackTrace);
      if (headline != null) {
        exceptionType = exceptionType != null ? exceptionType : headline.type();
        exceptionMessage = exceptionMessage != null ? exceptionMessage : headline.message();
      }
    }
    RequestTarget target = RequestTarget.of(found.text(FieldRole.HTTP_PATH));
    String method = found.id(FieldRole.HTTP_METHOD);
    if (target != null && target.query() != null) {
      found.attributes.put("query", target.query());
    }
    return LogEvent.builder(micros)
        .httpMethod(method != null || target == null ? method : target.method())
        .httpPath(target == null ? null : target.path())
        .httpStatus(found.status())
        .durationUs(found.durationUs())
        .level(found.text(FieldRole.LEVEL))
        .service(found.text(FieldRole.SERVICE))
        .instance(found.text(FieldRole.INSTANCE))
        .logger(found.text(FieldRole.LOGGER))
        .thread(found.text(FieldRole.THREAD))
        .message(found.text(FieldRole.MESSAGE))
        .traceId(found.id(FieldRole.TRACE_ID))
        .spanId(found.id(FieldRole.SPAN_ID))
        .parentSpanId(found.id(FieldRole.PARENT_SPAN_ID))
        .requestId(found.id(FieldRole.REQUEST_ID))
        .exceptionType(exceptionType)
        .exceptionMessage(exceptionMessage)
        .attributes(found.attributes)
        .timeSource(timestamp == null ? TimeSource.ENVELOPE : TimeSource.LINE)
        .build();
  }

  private long toMicros(Object timestamp) {
    if (timestamp instanceof Long number) {
      return Timestamps.fromEpochNumber(number);
    }
    if (timestamp instanceof Double number) {
      return Timestamps.fromEpochNumber(number);
    }
    String text = ((String) timestamp).trim();
    if (isDigits(text)) {
      try {
        return Timestamps.fromEpochNumber(Long.parseLong(text));
      } catch (NumberFormatException e) {
        return Timestamps.INVALID;
      }
    }
    return Timestamps.parseIso(text, zoneWithoutOffset);
  }

  private static boolean isDigits(String text) {
    if (text.isEmpty()) {
      return false;
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  /** "0" and "0.0": OpenTelemetry's unknown time, which must not hide the observed time. */
  private static boolean isZero(String text) {
    String trimmed = text.trim();
    if (trimmed.isEmpty()) {
      return false;
    }
    for (int i = 0; i < trimmed.length(); i++) {
      char c = trimmed.charAt(i);
      if (c != '0' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /**
   * Where Jackson stopped, when it says: a limit it enforces (nesting deeper than 1,000, a number of more than
   * 1,000 digits) comes without a location, and reading it failed the line as a parser bug.
   */
  static String atColumn(JsonProcessingException e) {
    return e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
  }
}
