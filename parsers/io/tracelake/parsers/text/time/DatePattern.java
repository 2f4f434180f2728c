package io.tracelake.parsers.text.time;

import io.tracelake.parsers.FileContext;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A date pattern compiled for reading timestamps out of log lines: a {@code SimpleDateFormat}-style
 * pattern ({@code yyyy-MM-dd HH:mm:ss.SSS}, {@code dd/MMM/yyyy:HH:mm:ss Z}, {@code MMM d HH:mm:ss}) or
 * one of the names Logback and Log4j2 give their formats ({@code ISO8601}, {@code ABSOLUTE}, {@code UNIX}, ...).
 *
 * <p>Immutable and shareable; {@link #newReader(FileContext)} gives the per-file reader that does the
 * work, because completing a time without a date or year needs the file's day and the previous line.
 * Reading is lenient where loggers differ and strict where a value would be wrong: a 'T' between date
 * and time also accepts a space (Logback's ISO8601 has one, Log4j2's a 'T'), a '.' or ',' before the
 * fraction accepts either and may be absent with the fraction, the fraction takes 1-9 digits, and every
 * offset element reads {@code Z}, {@code ±HH}, {@code ±HHMM} and {@code ±HH:MM}.
 */
public final class DatePattern {

  /** The named formats of Logback's %d and Log4j2's %d (FixedDateFormat / NamedInstantPattern). */
  private static final Map<String, String> NAMED = Map.ofEntries(
      Map.entry("ABSOLUTE", "HH:mm:ss,SSS"),
      Map.entry("ABSOLUTE_MICROS", "HH:mm:ss,SSSSSS"),
      Map.entry("ABSOLUTE_NANOS", "HH:mm:ss,SSSSSSSSS"),
      Map.entry("ABSOLUTE_PERIOD", "HH:mm:ss.SSS"),
      Map.entry("COMPACT", "yyyyMMddHHmmssSSS"),
      Map.entry("DATE", "dd MMM yyyy HH:mm:ss,SSS"),
      Map.entry("DATE_PERIOD", "dd MMM yyyy HH:mm:ss.SSS"),
      Map.entry("DEFAULT", "yyyy-MM-dd HH:mm:ss,SSS"),
      Map.entry("DEFAULT_MICROS", "yyyy-MM-dd HH:mm:ss,SSSSSS"),
      Map.entry("DEFAULT_NANOS", "yyyy-MM-dd HH:mm:ss,SSSSSSSSS"),
      Map.entry("DEFAULT_PERIOD", "yyyy-MM-dd HH:mm:ss.SSS"),
      Map.entry("ISO8601_BASIC", "yyyyMMdd'T'HHmmss,SSS"),
      Map.entry("ISO8601_BASIC_PERIOD", "yyyyMMdd'T'HHmmss.SSS"),
      // Logback's ISO8601 is "yyyy-MM-dd HH:mm:ss,SSS", Log4j2's has a 'T': the lenient 'T' reads both
      Map.entry("ISO8601", "yyyy-MM-dd'T'HH:mm:ss,SSS"),
      Map.entry("ISO8601_OFFSET_DATE_TIME_HH", "yyyy-MM-dd'T'HH:mm:ss,SSSX"),
      Map.entry("ISO8601_OFFSET_DATE_TIME_HHMM", "yyyy-MM-dd'T'HH:mm:ss,SSSXX"),
      Map.entry("ISO8601_OFFSET_DATE_TIME_HHCMM", "yyyy-MM-dd'T'HH:mm:ss,SSSXXX"),
      Map.entry("ISO8601_PERIOD", "yyyy-MM-dd'T'HH:mm:ss.SSS"),
      Map.entry("ISO8601_PERIOD_MICROS", "yyyy-MM-dd'T'HH:mm:ss.SSSSSS"),
      Map.entry("US_MONTH_DAY_YEAR2_TIME", "dd/MM/yy HH:mm:ss.SSS"),
      Map.entry("US_MONTH_DAY_YEAR4_TIME", "dd/MM/yyyy HH:mm:ss.SSS"));

  private static final String LETTERS = "y Y u M L d H k h K m s S n a E X x Z z VV";

  final int[] kinds;
  final int[] minDigits;
  final int[] maxDigits;
  final byte[][] literals;
  /** Per literal: 1 when a 'T' or ' ' between date and time also accepts the other one. */
  final boolean[] dateTimeSeparator;
  /** Per literal: a '.' or ',' right before a fraction, which accepts either or none. */
  final boolean[] fractionSeparator;
  final boolean hasYear;
  final boolean hasMonth;
  final boolean hasDay;
  final boolean hasHalfDay;
  final boolean hasZone;
  final boolean isEpoch;
  final ZoneId zone;
  private final String source;

  private DatePattern(String source, List<Element> elements, ZoneId zone) {
    this.source = source;
    this.zone = zone;
    int n = elements.size();
    kinds = new int[n];
    minDigits = new int[n];
    maxDigits = new int[n];
    literals = new byte[n][];
    dateTimeSeparator = new boolean[n];
    fractionSeparator = new boolean[n];
    boolean year = false;
    boolean month = false;
    boolean day = false;
    boolean halfDay = false;
    boolean zoned = false;
    boolean epoch = false;
    for (int i = 0; i < n; i++) {
      Element e = elements.get(i);
      int kind = e.kind;
      kinds[i] = kind;
      literals[i] = e.literal;
      int next = i + 1 < n ? elements.get(i + 1).kind : -1;
      int previous = i > 0 ? elements.get(i - 1).kind : -1;
      boolean adjacent = DateElement.isNumeric(next);
      switch (kind) {
        case DateElement.YEAR -> {
          minDigits[i] = 4;
          maxDigits[i] = Math.max(4, e.count);
          year = true;
        }
        case DateElement.YEAR_OF_CENTURY -> {
          minDigits[i] = 2;
          maxDigits[i] = 2;
          year = true;
        }
        case DateElement.FRACTION -> {
          minDigits[i] = adjacent ? e.count : 1;
          maxDigits[i] = adjacent ? e.count : 9;
        }
        case DateElement.LITERAL -> {
          byte[] text = e.literal;
          boolean single = text.length == 1;
          dateTimeSeparator[i] = single && (text[0] == 'T' || text[0] == ' ')
              && previous == DateElement.DAY && isHour(next);
          fractionSeparator[i] = single && (text[0] == '.' || text[0] == ',') && next == DateElement.FRACTION;
        }
        default -> {
          if (DateElement.isNumeric(kind)) {
            int width = Math.max(2, e.count);
            minDigits[i] = adjacent ? width : 1;
            maxDigits[i] = width;
          }
        }
      }
      month |= kind == DateElement.MONTH_NUMBER || kind == DateElement.MONTH_NAME;
      day |= kind == DateElement.DAY;
      halfDay |= kind == DateElement.HOUR_OF_HALF_DAY || kind == DateElement.HOUR_OF_HALF_DAY_FROM_0;
      zoned |= kind == DateElement.OFFSET || kind == DateElement.ZONE_NAME || kind == DateElement.ZONE_ID
          || kind == DateElement.OPTIONAL_OFFSET;
      epoch |= kind == DateElement.EPOCH_SECONDS || kind == DateElement.EPOCH_MILLIS;
    }
    hasYear = year;
    hasMonth = month;
    hasDay = day;
    hasHalfDay = halfDay;
    hasZone = zoned;
    isEpoch = epoch;
  }

  private static boolean isHour(int kind) {
    return kind == DateElement.HOUR_OF_DAY || kind == DateElement.HOUR_OF_DAY_FROM_1
        || kind == DateElement.HOUR_OF_HALF_DAY || kind == DateElement.HOUR_OF_HALF_DAY_FROM_0;
  }

  /**
   * Compiles a pattern whose times without an offset are in the file's zone.
   *
   * @throws IllegalArgumentException naming the pattern and position when it cannot be compiled
   */
  public static DatePattern compile(String pattern) {
    return compile(pattern, null);
  }

  /**
   * Compiles a pattern whose times without an offset are in {@code zone} (a logger's explicit time
   * zone, as in {@code %d{HH:mm:ss}{UTC}}), or in the file's zone when {@code zone} is null.
   *
   * @throws IllegalArgumentException naming the pattern and position when it cannot be compiled
   */
  public static DatePattern compile(String pattern, ZoneId zone) {
    if (pattern == null || pattern.isBlank()) {
      throw new IllegalArgumentException("date pattern is empty");
    }
    String trimmed = pattern.trim();
    String name = trimmed.toUpperCase(Locale.ROOT);
    if (name.equals("UNIX")) {
      return new DatePattern(trimmed, List.of(new Element(DateElement.EPOCH_SECONDS, 1, null)), zone);
    }
    if (name.equals("UNIX_MILLIS")) {
      return new DatePattern(trimmed, List.of(new Element(DateElement.EPOCH_MILLIS, 1, null)), zone);
    }
    String named = NAMED.get(name);
    List<Element> elements = parse(named != null ? named : pattern);
    if (elements.stream().allMatch(e -> e.kind == DateElement.LITERAL)) {
      throw new IllegalArgumentException("date pattern '" + pattern + "' has no date or time letters (yyyy, MM, dd, "
          + "HH, mm, ss, ...) and is not a named format (ISO8601, ABSOLUTE, DEFAULT, UNIX, ...)");
    }
    return new DatePattern(trimmed, elements, zone);
  }

  /**
   * ISO-8601 as logs write it: {@code yyyy-MM-dd[T ]HH:mm:ss[.fraction][Z|±HH[:MM]]}, the fraction
   * 1-9 digits after '.' or ','; times without an offset are in the file's zone.
   */
  public static DatePattern iso8601() {
    List<Element> elements = new ArrayList<>(parse("yyyy-MM-dd'T'HH:mm:ss.SSS"));
    elements.add(new Element(DateElement.OPTIONAL_OFFSET, 1, null));
    return new DatePattern("ISO-8601", elements, null);
  }

  /** A reader of this pattern for one file, completing partial times with the file's day and zone. */
  public DateReader newReader(FileContext context) {
    return new DateReader(this, context);
  }

  /** True when the pattern carries a calendar date (a time of day alone rolls over at midnight). */
  public boolean hasDate() {
    return hasMonth || hasDay || hasYear || isEpoch;
  }

  @Override
  public String toString() {
    return source;
  }

  private record Element(int kind, int count, byte[] literal) {}

  private static List<Element> parse(String pattern) {
    List<Element> elements = new ArrayList<>();
    ByteArrayOutputStream literal = new ByteArrayOutputStream();
    int i = 0;
    int n = pattern.length();
    while (i < n) {
      char c = pattern.charAt(i);
      if (c == '\'') {
        int close = i + 1;
        StringBuilder quoted = new StringBuilder();
        while (true) {
          if (close >= n) {
            throw new IllegalArgumentException("date pattern '" + pattern + "': quote at position " + (i + 1)
                + " is never closed");
          }
          if (pattern.charAt(close) == '\'') {
            if (close + 1 < n && pattern.charAt(close + 1) == '\'') {
              quoted.append('\'');
              close += 2;
              continue;
            }
            break;
          }
          quoted.append(pattern.charAt(close++));
        }
        if (close == i + 1) {
          quoted.append('\''); // '' is a quote character
        }
        literal.writeBytes(quoted.toString().getBytes(StandardCharsets.UTF_8));
        i = close + 1;
      } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        int end = i;
        while (end < n && pattern.charAt(end) == c) {
          end++;
        }
        int count = end - i;
        int kind = kindOf(c, count, pattern, i);
        if (literal.size() > 0) {
          elements.add(new Element(DateElement.LITERAL, 0, literal.toByteArray()));
          literal.reset();
        }
        elements.add(new Element(kind, count, null));
        i = end;
      } else {
        literal.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
        i++;
      }
    }
    if (literal.size() > 0) {
      elements.add(new Element(DateElement.LITERAL, 0, literal.toByteArray()));
    }
    return elements;
  }

  private static int kindOf(char letter, int count, String pattern, int position) {
    return switch (letter) {
      case 'y', 'Y', 'u' -> count == 2 ? DateElement.YEAR_OF_CENTURY : DateElement.YEAR;
      case 'M', 'L' -> count <= 2 ? DateElement.MONTH_NUMBER : DateElement.MONTH_NAME;
      case 'd' -> DateElement.DAY;
      case 'H' -> DateElement.HOUR_OF_DAY;
      case 'k' -> DateElement.HOUR_OF_DAY_FROM_1;
      case 'h' -> DateElement.HOUR_OF_HALF_DAY;
      case 'K' -> DateElement.HOUR_OF_HALF_DAY_FROM_0;
      case 'm' -> DateElement.MINUTE;
      case 's' -> DateElement.SECOND;
      case 'S', 'n' -> DateElement.FRACTION;
      case 'a' -> DateElement.AM_PM;
      case 'E' -> DateElement.DAY_OF_WEEK;
      case 'X', 'x', 'Z' -> DateElement.OFFSET;
      case 'z' -> DateElement.ZONE_NAME;
      case 'V' -> DateElement.ZONE_ID;
      case 'T' -> throw new IllegalArgumentException("date pattern '" + pattern + "': letter 'T' at position "
          + (position + 1) + " must be quoted, as in yyyy-MM-dd'T'HH:mm:ss");
      default -> throw new IllegalArgumentException("date pattern '" + pattern + "': letter '" + letter
          + "' at position " + (position + 1) + " is not supported (supported: " + LETTERS + ")");
    };
  }
}
