package io.tracelake.jobs.warehouse;

import io.tracelake.model.TraceSummary.PathStep;
import io.tracelake.model.schema.Column;
import io.tracelake.model.schema.ColumnType;
import io.tracelake.model.schema.Table;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;
import org.apache.spark.sql.types.StructType;

/**
 * Writes one table's rows from the Java objects they come from, column by column BY NAME: each column of the
 * table is bound to an accessor of the object. {@link Builder#build} checks that every column is bound exactly
 * once, with an accessor of the column's type, so a forgotten or mistyped column fails when the codec is made
 * (in a unit test), not in a file. Rows read back as {@link RowView}s ({@link TableFiles#read}, {@link
 * RowView#of(Table, org.apache.spark.sql.Row)}).
 *
 * <pre>
 * static final RowCodec&lt;Span&gt; SPANS = RowCodec.of(Tables.SPANS, Span.class)
 *     .string("trace_id", Span::traceId)
 *     .enumName("kind", Span::kind)
 *     .timestamp("start_time", Span::startUs)
 *     ...
 *     .build();
 * </pre>
 *
 * @param <T> what one row is made from
 */
public final class RowCodec<T> implements Serializable {
  private static final long serialVersionUID = 1L;

  /** An accessor that can travel to executors with the codec (a method reference or a lambda). */
  public interface Accessor<T, V> extends Function<T, V>, Serializable {}

  /**
   * Receives a string column's value as UTF-8 bytes where they lie: no {@link Binary} or copy per value. The bytes
   * are valid only during the call.
   */
  public interface Utf8Sink {
    void utf8(byte[] bytes, int offset, int length);
  }

  /**
   * Receives a map column's entries as UTF-8 bytes where they lie, valid only during the call; a null value's length
   * is -1.
   */
  public interface Utf8EntrySink {
    void entry(byte[] bytes, int keyOffset, int keyLength, int valueOffset, int valueLength);
  }

  /**
   * A row type whose string and map fields are UTF-8 bytes already (a record's slices), given by number where they
   * lie ({@link Builder#utf8InPlace}, {@link Builder#utf8MapInPlace}). Every such column of a table calls these two
   * methods of one row class, a call the JIT inlines; a lambda per column would be one call site that sees many
   * classes, dispatched through an interface table for every value (a fifth of the events writer's time).
   */
  public interface Utf8Fields {
    /** Gives string field {@code field}'s bytes to the sink once; false, and no call, when the row has none. */
    boolean giveUtf8(int field, Utf8Sink sink);

    /** Gives map field {@code field}'s entries to the sink, each once; no entry is an empty map. */
    void giveEntries(int field, Utf8EntrySink sink);
  }

  /**
   * A row type whose number fields are given by number ({@link Builder#int64InPlace}, {@link Builder#int32InPlace},
   * {@link Builder#timestampInPlace}): as with {@link Utf8Fields}, every such column calls these two methods of one
   * row class, not a lambda of its own that returns a box.
   */
  public interface NumberFields {
    /** Whether number field {@code field} has a value; not asked for a required column, which always has one. */
    boolean hasNumber(int field);

    /** Number field {@code field}'s value (an int column's fits in an int); asked only when it has one. */
    long number(int field);
  }

  private final Table table;
  private final String[] names;
  private final ColumnType[] types;
  private final boolean[] nullable;
  private final Accessor<T, ?>[] accessors;
  /**
   * Per column, the row's field it is given in place from ({@link Builder#utf8InPlace},
   * {@link Builder#utf8MapInPlace}), or -1.
   */
  private final int[] fields;

  private RowCodec(Table table, Accessor<T, ?>[] accessors, int[] fields) {
    this.table = table;
    int n = table.columns().size();
    this.names = new String[n];
    this.types = new ColumnType[n];
    this.nullable = new boolean[n];
    for (int i = 0; i < n; i++) {
      Column column = table.columns().get(i);
      names[i] = column.name();
      types[i] = column.type();
      nullable[i] = column.nullable();
    }
    this.accessors = accessors;
    this.fields = fields;
  }

  /** A codec builder for rows of {@code table} made from {@code type}s. */
  public static <T> Builder<T> of(Table table, Class<T> type) {
    return new Builder<>(table, type);
  }

  public Table table() {
    return table;
  }

  public MessageType parquetSchema() {
    return TableSchemas.parquet(table);
  }

  public StructType sparkSchema() {
    return TableSchemas.spark(table);
  }

  /**
   * The row's values in column order, as the accessors give them: String, Integer, Long (timestamps: epoch
   * µs), Double, Boolean, Map, List, byte[]; enums as their names; a {@link Builder#utf8} or
   * {@link Builder#utf8InPlace} column's value its UTF-8 bytes ({@link Binary}), a {@link Builder#utf8MapInPlace}
   * column's a map of them.
   */
  public Object[] values(T row) {
    Object[] values = new Object[accessors.length];
    for (int i = 0; i < accessors.length; i++) {
      values[i] = value(row, i);
    }
    return values;
  }

  /** The row as a view, the same a reader gives for it once written. */
  public RowView view(T row) {
    return new ArrayRowView(table, values(row));
  }

  /** Column {@code i}'s value of a row, as {@link #values} gives it. */
  Object value(T row, int i) {
    Object value = accessors[i].apply(row);
    if (value == null && !nullable[i]) {
      throw new IllegalStateException(table.name() + "." + names[i] + " is required but the row has none: " + row);
    }
    return value instanceof Enum<?> e ? e.name() : value;
  }

  /**
   * Whether column {@code i} gives its values in place ({@link Builder#utf8InPlace}, {@link Builder#utf8MapInPlace}).
   */
  boolean givesInPlace(int i) {
    return fields[i] >= 0;
  }

  /** Gives column {@code i}'s value of a row to {@code sink} ({@link Builder#utf8InPlace}); false when it has none. */
  boolean give(T row, int i, Utf8Sink sink) {
    return ((Utf8Fields) row).giveUtf8(fields[i], sink);
  }

  /** Whether a row has a value of number column {@code i} given in place ({@link Builder#int64InPlace}, ...). */
  boolean hasNumber(T row, int i) {
    return ((NumberFields) row).hasNumber(fields[i]);
  }

  /** A row's value of number column {@code i} given in place, which it has. */
  long number(T row, int i) {
    return ((NumberFields) row).number(fields[i]);
  }

  /** Gives column {@code i}'s entries of a row to {@code sink} ({@link Builder#utf8MapInPlace}). */
  void give(T row, int i, Utf8EntrySink sink) {
    ((Utf8Fields) row).giveEntries(fields[i], sink);
  }

  /** Writes one row as one Parquet record. */
  void write(T row, RecordConsumer out) {
    out.startMessage();
    for (int i = 0; i < accessors.length; i++) {
      Object value = value(row, i);
      if (value == null) {
        continue;
      }
      out.startField(names[i], i);
      writeValue(types[i], value, out);
      out.endField(names[i], i);
    }
    out.endMessage();
  }

  @SuppressWarnings("unchecked")
  private static void writeValue(ColumnType type, Object value, RecordConsumer out) {
    switch (type) {
      case STRING -> out.addBinary(binary(value));
      case INT -> out.addInteger((Integer) value);
      case LONG, TIMESTAMP -> out.addLong((Long) value);
      case DOUBLE -> out.addDouble((Double) value);
      case BOOLEAN -> out.addBoolean((Boolean) value);
      case BINARY -> out.addBinary(Binary.fromConstantByteArray((byte[]) value));
      case MAP_STRING_STRING -> writeMap((Map<?, ?>) value, out);
      case ARRAY_STRING -> writeList((List<String>) value, out, (element, o) -> o.addBinary(Binary.fromString(element)));
      case PATH_STEPS -> writeList((List<PathStep>) value, out, (step, o) -> {
        o.startGroup();
        if (step.spanId() != null) {
          o.startField(TableSchemas.PATH_STEP_SPAN_ID, 0);
          o.addBinary(Binary.fromString(step.spanId()));
          o.endField(TableSchemas.PATH_STEP_SPAN_ID, 0);
        }
        o.startField(TableSchemas.PATH_STEP_SELF_US, 1);
        o.addLong(step.selfUs());
        o.endField(TableSchemas.PATH_STEP_SELF_US, 1);
        o.endGroup();
      });
    }
  }

  /** A string value as Parquet takes it: a String encoded to UTF-8, or UTF-8 bytes already ({@link Builder#utf8}). */
  private static Binary binary(Object value) {
    return value instanceof Binary utf8 ? utf8 : Binary.fromString((String) value);
  }

  private static void writeMap(Map<?, ?> map, RecordConsumer out) {
    out.startGroup();
    if (!map.isEmpty()) {
      out.startField("key_value", 0);
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.startGroup();
        out.startField("key", 0);
        out.addBinary(binary(entry.getKey()));
        out.endField("key", 0);
        if (entry.getValue() != null) {
          out.startField("value", 1);
          out.addBinary(binary(entry.getValue()));
          out.endField("value", 1);
        }
        out.endGroup();
      }
      out.endField("key_value", 0);
    }
    out.endGroup();
  }

  private interface ElementWriter<E> {
    void write(E element, RecordConsumer out);
  }

  private static <E> void writeList(List<E> list, RecordConsumer out, ElementWriter<E> element) {
    out.startGroup();
    if (!list.isEmpty()) {
      out.startField("list", 0);
      for (E e : list) {
        out.startGroup();
        if (e != null) {
          out.startField("element", 0);
          element.write(e, out);
          out.endField("element", 0);
        }
        out.endGroup();
      }
      out.endField("list", 0);
    }
    out.endGroup();
  }

  /** Binds a table's columns, by name, to accessors; {@link #build} checks that every column is bound once. */
  public static final class Builder<T> {
    private final Table table;
    private final Class<T> type;
    private final Accessor<T, ?>[] accessors;
    private final int[] fields;

    @SuppressWarnings("unchecked")
    private Builder(Table table, Class<T> type) {
      this.table = table;
      this.type = type;
      this.accessors = new Accessor[table.columns().size()];
      this.fields = new int[accessors.length];
      java.util.Arrays.fill(fields, -1);
    }

    public Builder<T> string(String column, Accessor<T, String> accessor) {
      return bind(column, ColumnType.STRING, accessor);
    }

    /** A string column holding an enum's name (the model's codes turned into strings only here, at the edge). */
    public Builder<T> enumName(String column, Accessor<T, ? extends Enum<?>> accessor) {
      return bind(column, ColumnType.STRING, accessor);
    }

    public Builder<T> int32(String column, Accessor<T, Integer> accessor) {
      return bind(column, ColumnType.INT, accessor);
    }

    public Builder<T> int64(String column, Accessor<T, Long> accessor) {
      return bind(column, ColumnType.LONG, accessor);
    }

    public Builder<T> float64(String column, Accessor<T, Double> accessor) {
      return bind(column, ColumnType.DOUBLE, accessor);
    }

    public Builder<T> bool(String column, Accessor<T, Boolean> accessor) {
      return bind(column, ColumnType.BOOLEAN, accessor);
    }

    /** A timestamp column from epoch microseconds (UTC). */
    public Builder<T> timestamp(String column, Accessor<T, Long> epochMicros) {
      return bind(column, ColumnType.TIMESTAMP, epochMicros);
    }

    public Builder<T> map(String column, Accessor<T, Map<String, String>> accessor) {
      return bind(column, ColumnType.MAP_STRING_STRING, accessor);
    }

    /**
     * A string column from a row's field {@code field} that is UTF-8 bytes already (a slice of a record, say; the
     * row type is a {@link Utf8Fields}): the page writer takes them where they lie, without a String made and
     * encoded again, or a {@link Binary} per value; other readers of the codec get a {@link Binary}. Only a nullable
     * column: a row's values are all checked before any is written, and an in-place value is only seen while it is
     * written.
     */
    public Builder<T> utf8InPlace(String column, int field) {
      int i = inPlace(column, field);
      if (!table.columns().get(i).nullable()) {
        throw new IllegalArgumentException(table.name() + "." + column
            + " is required: a value given in place is seen too late to refuse the row before it is written");
      }
      return bind(column, ColumnType.STRING, row -> {
        Binary[] value = new Binary[1];
        return ((Utf8Fields) row).giveUtf8(field, (bytes, offset, length) ->
            value[0] = Binary.fromConstantByteArray(bytes, offset, length)) ? value[0] : null;
      });
    }

    /**
     * A string column from bytes that are UTF-8 already, as a {@link Binary}: written as they are, without a String
     * made and encoded again (a required column's, or one whose Binary is made once and given again).
     */
    public Builder<T> utf8(String column, Accessor<T, Binary> accessor) {
      return bind(column, ColumnType.STRING, accessor);
    }

    /** A map column whose keys and values are UTF-8 bytes already, given in place as {@link #utf8InPlace}; not null. */
    public Builder<T> utf8MapInPlace(String column, int field) {
      inPlace(column, field);
      return bind(column, ColumnType.MAP_STRING_STRING, row -> {
        Map<Binary, Binary> map = new LinkedHashMap<>();
        ((Utf8Fields) row).giveEntries(field, (bytes, keyOffset, keyLength, valueOffset, valueLength) -> map.put(
            Binary.fromConstantByteArray(bytes, keyOffset, keyLength),
            valueLength < 0 ? null : Binary.fromConstantByteArray(bytes, valueOffset, valueLength)));
        return map;
      });
    }

    /**
     * A timestamp column (epoch microseconds) from a row's number field {@code field} (the row type is a {@link
     * NumberFields}): the page writer reads the long, with no box and no lambda per value; other readers of the
     * codec get a Long.
     */
    public Builder<T> timestampInPlace(String column, int field) {
      return numberInPlace(column, ColumnType.TIMESTAMP, field);
    }

    /** A long column from a row's number field, as {@link #timestampInPlace}. */
    public Builder<T> int64InPlace(String column, int field) {
      return numberInPlace(column, ColumnType.LONG, field);
    }

    /** An int column from a row's number field, as {@link #timestampInPlace}. */
    public Builder<T> int32InPlace(String column, int field) {
      return numberInPlace(column, ColumnType.INT, field);
    }

    private Builder<T> numberInPlace(String column, ColumnType type, int field) {
      inPlace(column, field, NumberFields.class);
      boolean required = !table.columns().get(index(column)).nullable();
      boolean isInt = type == ColumnType.INT;
      return bind(column, type, row -> {
        NumberFields numbers = (NumberFields) row;
        if (!required && !numbers.hasNumber(field)) {
          return null;
        }
        long value = numbers.number(field);
        if (isInt) { // not a conditional expression: it would unbox both and give a Long
          return Integer.valueOf((int) value);
        }
        return Long.valueOf(value);
      });
    }

    public Builder<T> strings(String column, Accessor<T, List<String>> accessor) {
      return bind(column, ColumnType.ARRAY_STRING, accessor);
    }

    public Builder<T> pathSteps(String column, Accessor<T, List<PathStep>> accessor) {
      return bind(column, ColumnType.PATH_STEPS, accessor);
    }

    public Builder<T> bytes(String column, Accessor<T, byte[]> accessor) {
      return bind(column, ColumnType.BINARY, accessor);
    }

    private int inPlace(String column, int field) {
      return inPlace(column, field, Utf8Fields.class);
    }

    private int inPlace(String column, int field, Class<?> fieldsType) {
      if (!fieldsType.isAssignableFrom(type)) {
        throw new IllegalArgumentException(table.name() + "." + column + " is given in place, but " + type.getName()
            + " is not a " + fieldsType.getSimpleName());
      }
      if (field < 0) {
        throw new IllegalArgumentException(table.name() + "." + column + ": field " + field + " is not a field number");
      }
      int i = index(column);
      fields[i] = field;
      return i;
    }

    private int index(String column) {
      int i = table.indexOf(column);
      if (i < 0) {
        throw new IllegalArgumentException("table " + table.name() + " has no column " + column);
      }
      return i;
    }

    private Builder<T> bind(String column, ColumnType type, Accessor<T, ?> accessor) {
      int i = index(column);
      ColumnType declared = table.columns().get(i).type();
      if (declared != type) {
        throw new IllegalArgumentException(table.name() + "." + column + " is " + declared + ", bound as " + type);
      }
      if (accessors[i] != null) {
        throw new IllegalArgumentException(table.name() + "." + column + " is bound twice");
      }
      accessors[i] = accessor;
      return this;
    }

    public RowCodec<T> build() {
      List<String> unbound = new java.util.ArrayList<>();
      for (int i = 0; i < accessors.length; i++) {
        if (accessors[i] == null) {
          unbound.add(table.columns().get(i).name());
        }
      }
      if (!unbound.isEmpty()) {
        throw new IllegalArgumentException("table " + table.name() + ": no accessor for column(s) " + unbound);
      }
      return new RowCodec<>(table, accessors.clone(), fields.clone());
    }
  }
}
