package io.tracelake.parsers.text;

import io.tracelake.model.LogEvent;
import io.tracelake.model.RejectReason;
import io.tracelake.model.regex.BoundedRegex;
import io.tracelake.parsers.LineRejectedException;
import java.util.List;
import java.util.Map;

/**
 * Matches a line against a regex with named groups and turns the captures into an event: the engine
 * of {@link GrokParser} and {@link RegexParser}. The regex is searched for in the line (not anchored),
 * as Logstash's grok does; anchor it with ^ and $ to match whole lines.
 */
final class RegexLineReader {
  private final BoundedRegex.BoundedMatcher matcher;
  private final int[] groups;
  private final String[] names;
  private final FieldMapping.Slot[] slots;
  private final String[] types;
  private final EventFields fields;
  private final String description;

  RegexLineReader(BoundedRegex pattern, List<String> groupNames, Map<String, String> types, FieldMapping mapping,
      TimestampText timestamps, String description) {
    this.matcher = pattern.matcher();
    int named = (int) groupNames.stream().filter(n -> n != null).count();
    this.groups = new int[named];
    this.names = new String[named];
    this.slots = new FieldMapping.Slot[named];
    this.types = new String[named];
    int k = 0;
    for (int g = 0; g < groupNames.size(); g++) {
      String name = groupNames.get(g);
      if (name != null) {
        groups[k] = g + 1;
        names[k] = name;
        slots[k] = mapping.slot(name);
        this.types[k] = types.get(name);
        k++;
      }
    }
    this.fields = new EventFields(mapping, timestamps);
    this.description = description;
  }

  LogEvent parse(byte[] line, int off, int len, long fallbackTimeUs) throws LineRejectedException {
    int end = LineBytes.withoutLineBreak(line, off, off + len);
    BoundedRegex.BoundedMatcher m = matcher.reset(LineBytes.decode(line, off, end));
    boolean found;
    try {
      found = m.find();
    } catch (BoundedRegex.BudgetExceeded e) {
      // a pattern RE2/J cannot run backtracks under a step budget: this line spent it
      throw new LineRejectedException(RejectReason.LINE_TOO_COSTLY, "line is too costly for " + description
          + " (the regex gave up after its step budget)");
    }
    if (!found) {
      throw new LineRejectedException(RejectReason.NO_MATCH, "line does not match " + description);
    }
    fields.clear();
    for (int k = 0; k < groups.length; k++) {
      String value = m.group(groups[k]);
      if (value != null) {
        fields.put(names[k], slots[k], types[k] == null ? value : typed(value, types[k]));
      }
    }
    return fields.toEvent(fallbackTimeUs);
  }

  /** A grok :int/:long/:float/:double capture as the number it is, or as captured when it is not one. */
  private static String typed(String value, String type) {
    try {
      return switch (type) {
        case "int", "long" -> Long.toString(Long.parseLong(value.trim()));
        default -> Double.toString(Double.parseDouble(value.trim()));
      };
    } catch (NumberFormatException e) {
      return value;
    }
  }
}
