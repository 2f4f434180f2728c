package io.tracelake.parsers.text;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the named groups of a regex ({@code (?<trace_id>...)}, Python's {@code (?P<name>...)})
 * to names {@code java.util.regex} accepts, because it allows only letters and digits while log
 * fields are named {@code trace_id}, {@code @timestamp} or {@code [http][method]}. Keeps, for every
 * capturing group in order, the field name it had or null.
 */
final class NamedGroups {
  final String regex;
  /** Index i: the field name of capturing group i + 1, or null for an unnamed group. */
  final List<String> names;
  private final int[] originalIndex;

  private NamedGroups(String regex, List<String> names, int[] originalIndex) {
    this.regex = regex;
    this.names = names;
    this.originalIndex = originalIndex;
  }

  /** Where in the source a position of {@link #regex} came from, for compile errors. */
  int sourceIndex(int index) {
    return index < 0 ? 0 : originalIndex[Math.min(index, originalIndex.length - 1)];
  }

  static NamedGroups rewrite(String source) {
    StringBuilder out = new StringBuilder(source.length() + 16);
    List<Integer> map = new ArrayList<>();
    List<String> names = new ArrayList<>();
    List<String> named = new ArrayList<>();
    int n = source.length();
    int i = 0;
    boolean inClass = false;
    while (i < n) {
      char c = source.charAt(i);
      if (c == '\\' && i + 1 < n) {
        char next = source.charAt(i + 1);
        if (next == 'Q') { // \Q...\E is quoted literally
          int endQuote = source.indexOf("\\E", i + 2);
          int stop = endQuote < 0 ? n : endQuote + 2;
          append(out, map, source.substring(i, stop), i);
          i = stop;
          continue;
        }
        if (next == 'k' && !inClass && i + 2 < n && source.charAt(i + 2) == '<') {
          int close = source.indexOf('>', i + 3);
          if (close > 0) {
            int group = named.indexOf(source.substring(i + 3, close));
            if (group >= 0) {
              append(out, map, "\\k<g" + (group + 1) + ">", i);
              i = close + 1;
              continue;
            }
          }
        }
        append(out, map, source.substring(i, i + 2), i);
        i += 2;
        continue;
      }
      if (inClass) {
        if (c == ']') {
          inClass = false;
        }
        append(out, map, String.valueOf(c), i);
        i++;
        continue;
      }
      if (c == '[') {
        inClass = true;
        append(out, map, "[", i);
        i++;
        // a ']' right after '[' or '[^' is a literal one
        if (i < n && source.charAt(i) == '^') {
          append(out, map, "^", i);
          i++;
        }
        if (i < n && source.charAt(i) == ']') {
          append(out, map, "]", i);
          i++;
        }
        continue;
      }
      if (c == '(') {
        boolean question = i + 1 < n && source.charAt(i + 1) == '?';
        int nameStart = -1;
        if (question && i + 2 < n && source.charAt(i + 2) == '<' && i + 3 < n
            && source.charAt(i + 3) != '=' && source.charAt(i + 3) != '!') {
          nameStart = i + 3;
        } else if (question && i + 3 < n && source.charAt(i + 2) == 'P' && source.charAt(i + 3) == '<') {
          nameStart = i + 4;
        }
        if (nameStart >= 0) {
          int close = source.indexOf('>', nameStart);
          if (close > nameStart) {
            String name = source.substring(nameStart, close);
            names.add(name);
            named.add(name);
            append(out, map, "(?<g" + named.size() + ">", i);
            i = close + 1;
            continue;
          }
        }
        if (!question) {
          names.add(null);
        }
      }
      append(out, map, String.valueOf(c), i);
      i++;
    }
    int[] originalIndex = new int[Math.max(1, map.size())];
    for (int k = 0; k < map.size(); k++) {
      originalIndex[k] = map.get(k);
    }
    return new NamedGroups(out.toString(), names, originalIndex);
  }

  private static void append(StringBuilder out, List<Integer> map, String text, int sourceIndex) {
    out.append(text);
    for (int k = 0; k < text.length(); k++) {
      map.add(sourceIndex);
    }
  }
}
