package io.tracelake.parsers.text;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands a grok expression into a regex: {@code %{NAME}} becomes the pattern NAME,
 * {@code %{NAME:field}} a group capturing it as {@code field}, {@code %{NAME:field:int}} the same
 * with a type (int, long, float, double, string), recursively through the library.
 */
final class GrokCompiler {
  private static final Pattern REFERENCE = Pattern.compile("%\\{(\\w+)(?::([^:}]+)(?::(\\w+))?)?}");

  private final String expression;
  private final Map<String, String> library;
  /** The type each typed field was given. */
  final Map<String, String> types = new HashMap<>();

  GrokCompiler(String expression, Map<String, String> extraPatterns) {
    this.expression = expression;
    Map<String, String> all = new HashMap<>(GrokLibrary.PATTERNS);
    if (extraPatterns != null) {
      all.putAll(extraPatterns);
    }
    this.library = all;
  }

  /** @throws IllegalArgumentException naming the expression, the pattern and its position */
  String expand() {
    return expand(expression, new ArrayDeque<>());
  }

  private String expand(String text, Deque<String> using) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder out = new StringBuilder(text.length() * 2);
    int last = 0;
    while (m.find()) {
      out.append(text, last, m.start());
      String name = m.group(1);
      String field = m.group(2);
      String type = m.group(3);
      String definition = library.get(name);
      if (definition == null) {
        throw error("unknown pattern %{" + name + "}", using, m.start());
      }
      if (using.contains(name)) {
        throw error("pattern %{" + name + "} refers to itself", using, m.start());
      }
      if (type != null && !type.matches("int|long|float|double|string")) {
        throw error("unknown type '" + type + "' in %{" + m.group().substring(2), using, m.start());
      }
      using.push(name);
      String expanded = expand(definition, using);
      using.pop();
      if (field == null) {
        out.append("(?:").append(expanded).append(')');
      } else {
        String fieldName = fieldName(field);
        out.append("(?<").append(fieldName).append('>').append(expanded).append(')');
        if (type != null && !type.equals("string")) {
          types.put(fieldName, type);
        }
      }
      last = m.end();
    }
    out.append(text, last, text.length());
    return out.toString();
  }

  /** Logstash's nested field names ({@code [http][method]}) as dotted ones. */
  private static String fieldName(String field) {
    String name = field.trim();
    if (name.startsWith("[") && name.endsWith("]")) {
      name = name.substring(1, name.length() - 1).replace("][", ".");
    }
    return name;
  }

  private IllegalArgumentException error(String what, Deque<String> using, int index) {
    String where = using.isEmpty() ? "at column " + (index + 1)
        : "in the definition of %{" + using.peekLast() + "}";
    return new IllegalArgumentException("grok expression '" + expression + "': " + what + " " + where);
  }
}
