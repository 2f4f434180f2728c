package io.tracelake.jobs.warehouse;

import io.tracelake.model.TraceSummary.PathStep;
import io.tracelake.model.schema.ColumnType;
import io.tracelake.model.schema.Table;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.InitContext;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.PrimitiveConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * parquet-java's hook for reading one table's rows into {@link RowView}s. It reads the table's columns that
 * the file has, by name, with the file's own repetition (files Spark wrote mark required columns optional);
 * a column the file lacks reads as null.
 */
final class TableReadSupport extends ReadSupport<RowView> {

  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private final Table table;

  TableReadSupport(Table table) {
    this.table = table;
  }

  @Override
  public ReadContext init(InitContext context) {
    MessageType file = context.getFileSchema();
    List<Type> fields = new ArrayList<>();
    for (Type field : file.getFields()) {
      if (table.indexOf(field.getName()) >= 0) {
        fields.add(field);
      }
    }
    return new ReadContext(new MessageType(file.getName(), fields));
  }

  @Override
  public RecordMaterializer<RowView> prepareForRead(Configuration configuration, Map<String, String> keyValueMetaData,
      MessageType fileSchema, ReadContext readContext) {
    Root root = new Root(table, readContext.getRequestedSchema());
    return new RecordMaterializer<>() {
      @Override
      public RowView getCurrentRecord() {
        return new ArrayRowView(table, root.values);
      }

      @Override
      public GroupConverter getRootConverter() {
        return root;
      }
    };
  }

  private static final class Root extends GroupConverter {
    private final Converter[] fields;
    private final int columns;
    Object[] values;

    Root(Table table, MessageType requested) {
      columns = table.columns().size();
      fields = new Converter[requested.getFieldCount()];
      for (int f = 0; f < fields.length; f++) {
        Type type = requested.getType(f);
        int column = table.indexOf(type.getName());
        fields[f] = converter(table.columns().get(column).type(), type, value -> values[column] = value);
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return fields[fieldIndex];
    }

    @Override
    public void start() {
      values = new Object[columns];
    }

    @Override
    public void end() {}
  }

  private static Converter converter(ColumnType column, Type type, Consumer<Object> sink) {
    return switch (column) {
      case STRING -> new PrimitiveConverter() {
        @Override
        public void addBinary(Binary value) {
          sink.accept(value.toStringUsingUTF8());
        }
      };
      case BINARY -> new PrimitiveConverter() {
        @Override
        public void addBinary(Binary value) {
          sink.accept(value.getBytes());
        }
      };
      case INT -> new PrimitiveConverter() {
        @Override
        public void addInt(int value) {
          sink.accept(value);
        }
      };
      case LONG -> new PrimitiveConverter() {
        @Override
        public void addLong(long value) {
          sink.accept(value);
        }
      };
      case TIMESTAMP -> new PrimitiveConverter() {
        @Override
        public void addLong(long value) {
          sink.accept(value);
        }

        /** INT96, Spark's default for timestamps: nanoseconds of the day, then the Julian day, little-endian. */
        @Override
        public void addBinary(Binary value) {
          java.nio.ByteBuffer bytes = value.toByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
          long nanosOfDay = bytes.getLong();
          int julianDay = bytes.getInt();
          sink.accept((julianDay - JULIAN_DAY_OF_EPOCH) * MICROS_PER_DAY + nanosOfDay / 1000);
        }
      };
      case DOUBLE -> new PrimitiveConverter() {
        @Override
        public void addDouble(double value) {
          sink.accept(value);
        }
      };
      case BOOLEAN -> new PrimitiveConverter() {
        @Override
        public void addBoolean(boolean value) {
          sink.accept(value);
        }
      };
      case MAP_STRING_STRING -> new MapConverter(sink);
      case ARRAY_STRING -> new ListConverter(type.asGroupType(), sink, ColumnType.STRING);
      case PATH_STEPS -> new ListConverter(type.asGroupType(), sink, ColumnType.PATH_STEPS);
    };
  }

  /** A map in the MAP layout: a repeated key_value group of a key and an optional value. */
  private static final class MapConverter extends GroupConverter {
    private final Consumer<Object> sink;
    private final GroupConverter entry;
    private Map<String, String> map;
    private String key;
    private String value;

    MapConverter(Consumer<Object> sink) {
      this.sink = sink;
      Converter keys = converter(ColumnType.STRING, null, k -> key = (String) k);
      Converter values = converter(ColumnType.STRING, null, v -> value = (String) v);
      this.entry = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return fieldIndex == 0 ? keys : values;
        }

        @Override
        public void start() {
          key = null;
          value = null;
        }

        @Override
        public void end() {
          map.put(key, value);
        }
      };
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return entry;
    }

    @Override
    public void start() {
      map = new LinkedHashMap<>();
    }

    @Override
    public void end() {
      sink.accept(map);
    }
  }

  /** A list in the LIST layout: a repeated group {@code list} of one optional {@code element}. */
  private static final class ListConverter extends GroupConverter {
    private final Consumer<Object> sink;
    private final GroupConverter repeated;
    private List<Object> list;
    private Object element;

    ListConverter(GroupType type, Consumer<Object> sink, ColumnType elementType) {
      this.sink = sink;
      Converter elements = elementType == ColumnType.PATH_STEPS
          ? new PathStepConverter(step -> element = step)
          : converter(elementType, null, e -> element = e);
      this.repeated = new GroupConverter() {
        @Override
        public Converter getConverter(int fieldIndex) {
          return elements;
        }

        @Override
        public void start() {
          element = null;
        }

        @Override
        public void end() {
          list.add(element);
        }
      };
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return repeated;
    }

    @Override
    public void start() {
      list = new ArrayList<>();
    }

    @Override
    public void end() {
      sink.accept(list);
    }
  }

  private static final class PathStepConverter extends GroupConverter {
    private final Consumer<Object> sink;
    private final Converter spanId;
    private final Converter selfUs;
    private String id;
    private long self;

    PathStepConverter(Consumer<Object> sink) {
      this.sink = sink;
      this.spanId = converter(ColumnType.STRING, null, v -> id = (String) v);
      this.selfUs = converter(ColumnType.LONG, null, v -> self = (Long) v);
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return fieldIndex == 0 ? spanId : selfUs;
    }

    @Override
    public void start() {
      id = null;
      self = 0;
    }

    @Override
    public void end() {
      sink.accept(new PathStep(id, self));
    }
  }
}
