package io.tracelake.model;

/** Where a trace's root came from: the traces table's {@code root_source}. */
public enum RootSource implements Coded {
  /** A span without a parent exists. */
  FOUND("found"),
  /** The root logged nothing: tracelake made one up spanning its children. */
  SYNTHETIC("synthetic");

  private final String code;

  RootSource(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }
}
