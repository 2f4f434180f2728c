package io.tracelake.model.schema;

/** The column types the tables use, named as an analyst sees them in Parquet readers. */
public enum ColumnType {
  STRING("string"),
  INT("int32"),
  LONG("int64"),
  DOUBLE("double"),
  BOOLEAN("boolean"),
  /** Instant in UTC with microsecond precision (Parquet TIMESTAMP(MICROS, isAdjustedToUTC=true)). */
  TIMESTAMP("timestamp (UTC, µs)"),
  MAP_STRING_STRING("map<string,string>"),
  ARRAY_STRING("list<string>"),
  /** A trace's critical path: spans in time order, each with the time it spent on the path itself. */
  PATH_STEPS("list<struct<span_id: string, self_us: int64>>"),
  /** Opaque bytes, e.g. a serialised latency sketch. */
  BINARY("binary");

  private final String docName;

  ColumnType(String docName) {
    this.docName = docName;
  }

  public String docName() {
    return docName;
  }
}
