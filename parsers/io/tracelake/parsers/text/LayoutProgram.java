package io.tracelake.parsers.text;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A pattern layout compiled to a scanner program: the literal text before the first field, then each
 * field with the literal separator that follows it (empty when the field delimits itself or ends the
 * line). A field ends where its separator starts; the message takes all it can.
 */
final class LayoutProgram {
  final String layout;
  final byte[] leading;
  final LayoutField[] fields;
  final byte[][] separators;
  /** The layout colours its output (%clr, %highlight, ...): lines may carry ANSI escapes to drop. */
  final boolean coloured;
  final int dateField;

  LayoutProgram(String layout, String leading, List<LayoutField> fields, List<String> separators, boolean coloured) {
    this.layout = layout;
    this.leading = leading.getBytes(StandardCharsets.UTF_8);
    this.fields = fields.toArray(new LayoutField[0]);
    this.separators = new byte[separators.size()][];
    for (int i = 0; i < this.separators.length; i++) {
      this.separators[i] = separators.get(i).getBytes(StandardCharsets.UTF_8);
    }
    this.coloured = coloured;
    int date = -1;
    for (int i = 0; i < this.fields.length; i++) {
      if (this.fields[i].kind == LayoutField.Kind.DATE && date < 0) {
        date = i;
      }
    }
    this.dateField = date;
  }
}
