package io.tracelake.model.schema;

/** One column of a table: the contract analysts rely on, with its meaning and unit. */
public record Column(String name, ColumnType type, boolean nullable, String unit, String description) implements java.io.Serializable {

  public static Column required(String name, ColumnType type, String unit, String description) {
    return new Column(name, type, false, unit, description);
  }

  public static Column optional(String name, ColumnType type, String unit, String description) {
    return new Column(name, type, true, unit, description);
  }

  /** The row that documents this column in model/SCHEMA.md. */
  public String docRow() {
    return "| `" + name + "` | " + type.docName() + " | " + (nullable ? "yes" : "no") + " | "
        + (unit == null ? "" : unit) + " | " + description + " |";
  }
}
