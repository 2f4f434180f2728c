package io.tracelake.model;

/** A value the tables hold as a lower-case code (`access_log`, `root_fallback`) rather than as its Java name. */
public interface Coded {

  /** The value as the tables write it. */
  String code();

  /**
   * The value of {@code type} whose code is {@code code}; null for null (a day written before the column existed).
   *
   * @throws IllegalArgumentException for a code no value has
   */
  static <E extends Enum<E> & Coded> E fromCode(Class<E> type, String code) {
    if (code == null) {
      return null;
    }
    for (E value : type.getEnumConstants()) {
      if (value.code().equals(code)) {
        return value;
      }
    }
    throw new IllegalArgumentException("unknown " + type.getSimpleName() + " code '" + code + "'");
  }
}
