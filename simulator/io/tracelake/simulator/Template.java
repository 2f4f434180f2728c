package io.tracelake.simulator;

/** A text with at most one {@code {placeholder}}, such as {@code /orders/{id}} or {@code GET cart:{id}}. */
final class Template {
  private final String text;
  private final String prefix;
  private final String suffix;

  Template(String text) {
    this.text = text;
    int open = text.indexOf('{');
    int close = open < 0 ? -1 : text.indexOf('}', open);
    if (open >= 0 && close < 0) {
      throw new IllegalArgumentException("unclosed placeholder in " + text);
    }
    this.prefix = open < 0 ? null : text.substring(0, open);
    this.suffix = open < 0 ? null : text.substring(close + 1);
  }

  String text() {
    return text;
  }

  /** The text with its placeholder replaced by {@code value}; the text itself when it has none. */
  String render(String value) {
    return prefix == null ? text : prefix + value + suffix;
  }

  @Override
  public String toString() {
    return text;
  }
}
