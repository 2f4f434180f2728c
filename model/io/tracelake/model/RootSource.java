package io.tracelake.model;

/** Where a trace's root came from: the traces table's {@code root_source}. */
public enum RootSource {
  /** A span without a parent exists. */
  FOUND("found"),
  /** The root logged nothing: tracelake made one up spanning its children. */
  SYNTHETIC("synthetic");

  private final String code;

  RootSource(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }

  /**
   * The value whose {@link #code()} is {@code code}; null for null (a table written before the column existed).
   *
   * @throws IllegalArgumentException for a code no value has
   */
  public static RootSource fromCode(String code) {
    if (code == null) {
      return null;
    }
    for (RootSource value : values()) {
      if (value.code.equals(code)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown root_source '" + code + "'");
  }
}
