package io.tracelake.parsers.text.time;

import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * Reads the timestamps of one {@link DatePattern} in one file, to UTC epoch microseconds, straight
 * from the line's bytes and without allocating.
 *
 * <p>Keeps the state that completing partial times needs: a time of day alone takes the file's date
 * and rolls over to the next day when it jumps back by more than 12 hours (a line up to an hour out
 * of order just after midnight keeps the day before); a date without a year takes the year that puts it
 * nearest the file's date (a file of Jan 1 holding Dec 31 lines gets last year); a local time in the
 * hour repeated when clocks go back is taken in the second pass once the file's times went past it.
 * One reader per file and thread.
 */
public final class DateReader {
  private static final long MICROS_PER_SECOND = 1_000_000L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;
  private static final long HALF_DAY_MICROS = MICROS_PER_DAY / 2;
  /** How late a line from before midnight may come after the first line of the next day. */
  private static final long LATE_LINE_MICROS = 3_600_000_000L;
  /** How far back a time must jump to be read in the repeated hour of a DST change. */
  private static final long REPEATED_HOUR_JUMP_MICROS = 600_000_000L;
  private static final int NO_OFFSET = Integer.MIN_VALUE;
  private static final String[] MONTHS = {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct",
      "nov", "dec"};
  private static final String[] DAYS = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  private static final int[] POWERS_OF_TEN = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
      100_000_000, 1_000_000_000};

  private final DatePattern pattern;
  private final ZoneOffsets zoneOffsets;
  private final int fileYear;
  private final int fileMonth;
  private final long fileEpochDay;

  private long micros;
  private int cursor;
  private int failedElement = -1;
  private int failedAt;
  private long previousMicros = Long.MIN_VALUE;
  private long previousTimeOfDay = -1;
  private int dayShift;
  private byte[] lastZoneIdText;
  private ZoneOffsets lastZoneIdOffsets;

  DateReader(DatePattern pattern, FileContext context) {
    this.pattern = pattern;
    this.zoneOffsets = new ZoneOffsets(pattern.zone != null ? pattern.zone : context.zone());
    LocalDate date = context.fileDate();
    this.fileYear = date.getYear();
    this.fileMonth = date.getMonthValue();
    this.fileEpochDay = date.toEpochDay();
  }

  /** The time read by the last successful {@link #read}, in UTC epoch microseconds. */
  public long micros() {
    return micros;
  }

  /** After a failed read: what was expected, e.g. "the month (1-12)". */
  public String expected() {
    if (failedElement < 0) {
      return "a date";
    }
    int kind = pattern.kinds[failedElement];
    if (kind == DateElement.LITERAL) {
      return "'" + new String(pattern.literals[failedElement], StandardCharsets.UTF_8) + "'";
    }
    return DateElement.describe(kind);
  }

  /** After a failed read: the index in the line where {@link #expected()} was not found. */
  public int failedAt() {
    return failedAt;
  }

  /** Reads a whole text as a time of this pattern; {@link Timestamps#INVALID} when it is not one. */
  public long parse(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    int end = read(bytes, 0, bytes.length);
    return end == bytes.length ? micros : Timestamps.INVALID;
  }

  /**
   * Reads a time that starts at {@code pos} and ends at or before {@code end}.
   *
   * @return the index after the time, with the time in {@link #micros()}; or -1 when the bytes there
   *     are not a time of this pattern, with {@link #expected()} and {@link #failedAt()} telling why
   */
  public int read(byte[] line, int pos, int end) {
    int year = -1;
    int month = -1;
    int day = -1;
    int dayAt = pos;
    int hour = 0;
    int minute = 0;
    int second = 0;
    int fraction = 0;
    int pm = -1;
    int offset = NO_OFFSET;
    ZoneOffsets lineZone = null;
    boolean skipFraction = false;
    long epochMicros = Long.MIN_VALUE;
    int[] kinds = pattern.kinds;
    for (int i = 0; i < kinds.length; i++) {
      int kind = kinds[i];
      int start = pos;
      switch (kind) {
        case DateElement.LITERAL -> {
          pos = literal(line, pos, end, i);
          if (pos < 0) {
            if (pattern.fractionSeparator[i]) {
              pos = start;
              skipFraction = true;
              continue;
            }
            return fail(i, start);
          }
        }
        case DateElement.YEAR -> {
          if ((year = digits(line, pos, end, i)) < 0) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.YEAR_OF_CENTURY -> {
          int yy = digits(line, pos, end, i);
          if (yy < 0) {
            return fail(i, start);
          }
          year = 2000 + yy <= fileYear + 20 ? 2000 + yy : 1900 + yy;
          pos = cursor;
        }
        case DateElement.MONTH_NUMBER -> {
          month = digits(line, pos, end, i);
          if (month < 1 || month > 12) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.MONTH_NAME -> {
          month = name(line, pos, end, MONTHS) + 1;
          if (month < 1) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.DAY -> {
          if (pattern.minDigits[i] == 1) {
            while (pos < end && line[pos] == ' ') { // syslog pads single-digit days with a space
              pos++;
            }
          }
          dayAt = pos;
          day = digits(line, pos, end, i);
          if (day < 1 || day > 31) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.HOUR_OF_DAY, DateElement.HOUR_OF_DAY_FROM_1, DateElement.HOUR_OF_HALF_DAY,
            DateElement.HOUR_OF_HALF_DAY_FROM_0 -> {
          hour = digits(line, pos, end, i);
          if (hour < 0 || hour > hourLimit(kind) || (hour == 0 && (kind == DateElement.HOUR_OF_DAY_FROM_1
              || kind == DateElement.HOUR_OF_HALF_DAY))) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.MINUTE -> {
          minute = digits(line, pos, end, i);
          if (minute < 0 || minute > 59) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.SECOND -> {
          second = digits(line, pos, end, i);
          if (second < 0 || second > 60) { // 60: a leap second, folded into the next one
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.FRACTION -> {
          if (skipFraction) {
            continue;
          }
          int value = digits(line, pos, end, i);
          if (value < 0) {
            return fail(i, start);
          }
          int count = cursor - pos;
          fraction = count <= 6 ? value * POWERS_OF_TEN[6 - count] : value / POWERS_OF_TEN[count - 6];
          pos = cursor;
        }
        case DateElement.AM_PM -> {
          if (pos + 1 >= end || (line[pos + 1] | 0x20) != 'm') {
            return fail(i, start);
          }
          int c = line[pos] | 0x20;
          if (c != 'a' && c != 'p') {
            return fail(i, start);
          }
          pm = c == 'p' ? 1 : 0;
          pos += 2;
        }
        case DateElement.DAY_OF_WEEK -> {
          if (name(line, pos, end, DAYS) < 0) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.OFFSET, DateElement.OPTIONAL_OFFSET -> {
          if (kind == DateElement.OPTIONAL_OFFSET && (pos >= end
              || (line[pos] != 'Z' && line[pos] != 'z' && line[pos] != '+' && line[pos] != '-'))) {
            continue;
          }
          offset = offset(line, pos, end);
          if (offset == NO_OFFSET) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.ZONE_NAME -> {
          offset = zoneName(line, pos, end);
          if (offset == NO_OFFSET) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.ZONE_ID -> {
          lineZone = zoneId(line, pos, end);
          if (lineZone == null) {
            return fail(i, start);
          }
          pos = cursor;
        }
        case DateElement.EPOCH_SECONDS, DateElement.EPOCH_MILLIS -> {
          epochMicros = epoch(line, pos, end, kind == DateElement.EPOCH_MILLIS);
          if (epochMicros == Long.MIN_VALUE) {
            return fail(i, start);
          }
          pos = cursor;
        }
        default -> {
          return fail(i, start);
        }
      }
    }
    if (epochMicros != Long.MIN_VALUE) {
      micros = epochMicros;
      previousMicros = micros;
      return pos;
    }
    if (pm >= 0) {
      hour = hour % 12 + 12 * pm;
    } else if (hour == 24) {
      hour = 0;
    }
    long timeOfDay = (hour * 3600L + minute * 60L + second) * MICROS_PER_SECOND + fraction;
    long epochDay;
    if (!pattern.hasDate()) {
      epochDay = fileEpochDay + dayOf(timeOfDay);
    } else {
      int m = month > 0 ? month : fileMonth;
      int y = year >= 0 ? year : nearestYear(m);
      int d = day > 0 ? day : 1;
      if (d > daysInMonth(y, m)) {
        failedElement = elementOf(DateElement.DAY);
        failedAt = dayAt;
        return -1;
      }
      epochDay = epochDay(y, m, d);
    }
    long localMicros = epochDay * MICROS_PER_DAY + timeOfDay;
    if (offset != NO_OFFSET) {
      micros = localMicros - offset * MICROS_PER_SECOND;
    } else {
      ZoneOffsets zone = lineZone != null ? lineZone : zoneOffsets;
      long localSecond = Math.floorDiv(localMicros, MICROS_PER_SECOND);
      long earlier = localMicros - zone.earlierOffset(localSecond) * MICROS_PER_SECOND;
      long later = localMicros - zone.laterOffset(localSecond) * MICROS_PER_SECOND;
      micros = earlier != later && previousMicros != Long.MIN_VALUE
          && previousMicros - earlier > REPEATED_HOUR_JUMP_MICROS ? later : earlier;
    }
    previousMicros = micros;
    return pos;
  }

  /** Days after the file's date of a time of day, rolling over at midnight. */
  private int dayOf(long timeOfDay) {
    if (previousTimeOfDay < 0) {
      previousTimeOfDay = timeOfDay;
      return dayShift;
    }
    long jump = timeOfDay - previousTimeOfDay;
    if (jump < -HALF_DAY_MICROS) {
      dayShift++;
    } else if (MICROS_PER_DAY - jump <= LATE_LINE_MICROS && dayShift > 0) {
      return dayShift - 1; // a late line from just before midnight; the clock stays where it was
    }
    previousTimeOfDay = timeOfDay;
    return dayShift;
  }

  private int nearestYear(int month) {
    if (month - fileMonth > 6) {
      return fileYear - 1;
    }
    if (fileMonth - month > 6) {
      return fileYear + 1;
    }
    return fileYear;
  }

  private int elementOf(int kind) {
    for (int i = 0; i < pattern.kinds.length; i++) {
      if (pattern.kinds[i] == kind) {
        return i;
      }
    }
    return -1;
  }

  private int fail(int element, int at) {
    failedElement = element;
    failedAt = at;
    return -1;
  }

  private static int hourLimit(int kind) {
    return switch (kind) {
      case DateElement.HOUR_OF_DAY -> 23;
      case DateElement.HOUR_OF_DAY_FROM_1 -> 24;
      case DateElement.HOUR_OF_HALF_DAY -> 12;
      default -> 11;
    };
  }

  private int literal(byte[] line, int pos, int end, int element) {
    byte[] text = pattern.literals[element];
    if (pos + text.length > end) {
      return -1;
    }
    if (text.length == 1) {
      byte b = line[pos];
      byte expected = text[0];
      if (b == expected) {
        return pos + 1;
      }
      if (pattern.dateTimeSeparator[element] && (b == 'T' || b == 't' || b == ' ')) {
        return pos + 1;
      }
      if (pattern.fractionSeparator[element] && (b == '.' || b == ',')) {
        return pos + 1;
      }
      return -1;
    }
    for (int k = 0; k < text.length; k++) {
      if (line[pos + k] != text[k]) {
        return -1;
      }
    }
    return pos + text.length;
  }

  /** Reads the element's digits into the return value and {@link #cursor}; -1 when too few. */
  private int digits(byte[] line, int pos, int end, int element) {
    int limit = Math.min(end, pos + pattern.maxDigits[element]);
    int value = 0;
    int i = pos;
    while (i < limit) {
      int digit = line[i] - '0';
      if (digit < 0 || digit > 9) {
        break;
      }
      value = value * 10 + digit;
      i++;
    }
    if (i - pos < pattern.minDigits[element]) {
      return -1;
    }
    cursor = i;
    return value;
  }

  /** Index of the name whose first three letters start here (any case), letters after them skipped. */
  private int name(byte[] line, int pos, int end, String[] names) {
    if (pos + 3 > end) {
      return -1;
    }
    int a = line[pos] | 0x20;
    int b = line[pos + 1] | 0x20;
    int c = line[pos + 2] | 0x20;
    for (int k = 0; k < names.length; k++) {
      String name = names[k];
      if (name.charAt(0) == a && name.charAt(1) == b && name.charAt(2) == c) {
        int i = pos + 3;
        while (i < end && isLetter(line[i])) {
          i++;
        }
        cursor = i;
        return k;
      }
    }
    return -1;
  }

  private static boolean isLetter(byte b) {
    int c = b | 0x20;
    return c >= 'a' && c <= 'z';
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** Z, ±HH, ±HHMM or ±HH:MM, in seconds; {@link #NO_OFFSET} when none is here. */
  private int offset(byte[] line, int pos, int end) {
    if (pos >= end) {
      return NO_OFFSET;
    }
    byte sign = line[pos];
    if (sign == 'Z' || sign == 'z') {
      cursor = pos + 1;
      return 0;
    }
    if ((sign != '+' && sign != '-') || pos + 3 > end || !isDigit(line[pos + 1]) || !isDigit(line[pos + 2])) {
      return NO_OFFSET;
    }
    int hours = (line[pos + 1] - '0') * 10 + (line[pos + 2] - '0');
    int minutes = 0;
    int i = pos + 3;
    int minutesAt = i < end && line[i] == ':' ? i + 1 : i;
    if (minutesAt + 2 <= end && isDigit(line[minutesAt]) && isDigit(line[minutesAt + 1])) {
      minutes = (line[minutesAt] - '0') * 10 + (line[minutesAt + 1] - '0');
      i = minutesAt + 2;
    }
    if (hours > 18 || minutes > 59) {
      return NO_OFFSET;
    }
    cursor = i;
    int seconds = hours * 3600 + minutes * 60;
    return sign == '-' ? -seconds : seconds;
  }

  /** A zone abbreviation, or GMT/UTC with an optional offset; {@link #NO_OFFSET} when unknown. */
  private int zoneName(byte[] line, int pos, int end) {
    int i = pos;
    while (i < end && isLetter(line[i])) {
      i++;
    }
    if (i == pos) {
      return offset(line, pos, end);
    }
    String name = new String(line, pos, i - pos, StandardCharsets.US_ASCII);
    int hours = switch (name) {
      case "UTC", "GMT", "UT", "Z", "WET" -> 0;
      case "BST", "CET", "WEST", "MET" -> 1;
      case "CEST", "EET", "MEST", "SAST" -> 2;
      case "EEST", "MSK" -> 3;
      case "IST" -> 5; // India; 5:30 below
      case "HKT", "SGT", "AWST" -> 8;
      case "JST", "KST" -> 9;
      case "AEST" -> 10;
      case "AEDT" -> 11;
      case "NZST" -> 12;
      case "NZDT" -> 13;
      case "EDT" -> -4;
      case "EST", "CDT" -> -5;
      case "CST", "MDT" -> -6;
      case "MST", "PDT" -> -7;
      case "PST", "AKDT" -> -8;
      case "AKST" -> -9;
      case "HST" -> -10;
      default -> Integer.MIN_VALUE;
    };
    if (hours == Integer.MIN_VALUE) {
      return NO_OFFSET;
    }
    cursor = i;
    if ((name.equals("UTC") || name.equals("GMT")) && i < end && (line[i] == '+' || line[i] == '-')) {
      return offset(line, i, end);
    }
    return name.equals("IST") ? 5 * 3600 + 1800 : hours * 3600;
  }

  private ZoneOffsets zoneId(byte[] line, int pos, int end) {
    int i = pos;
    while (i < end && (isLetter(line[i]) || isDigit(line[i]) || line[i] == '/' || line[i] == '_'
        || line[i] == '+' || line[i] == '-')) {
      i++;
    }
    if (i == pos) {
      return null;
    }
    cursor = i;
    if (lastZoneIdText != null && java.util.Arrays.equals(lastZoneIdText, 0, lastZoneIdText.length, line, pos, i)) {
      return lastZoneIdOffsets;
    }
    try {
      ZoneOffsets offsets = new ZoneOffsets(ZoneId.of(new String(line, pos, i - pos, StandardCharsets.US_ASCII)));
      lastZoneIdText = java.util.Arrays.copyOfRange(line, pos, i);
      lastZoneIdOffsets = offsets;
      return offsets;
    } catch (DateTimeException e) {
      return null;
    }
  }

  private long epoch(byte[] line, int pos, int end, boolean millis) {
    long value = 0;
    int i = pos;
    while (i < end && i - pos < 16 && isDigit(line[i])) {
      value = value * 10 + (line[i] - '0');
      i++;
    }
    if (i == pos) {
      return Long.MIN_VALUE;
    }
    long result = millis ? value * 1_000 : value * MICROS_PER_SECOND;
    if (!millis && i + 1 < end && line[i] == '.' && isDigit(line[i + 1])) {
      i++;
      long scale = 100_000;
      while (i < end && isDigit(line[i])) {
        result += (line[i] - '0') * scale;
        scale /= 10;
        i++;
      }
    }
    cursor = i;
    return result;
  }

  private static int daysInMonth(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since the epoch of a civil date (days-from-civil, proleptic Gregorian). */
  private static long epochDay(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    long era = Math.floorDiv(y, 400);
    long yearOfEra = y - era * 400;
    int shiftedMonth = month > 2 ? month - 3 : month + 9;
    long dayOfYear = (153L * shiftedMonth + 2) / 5 + day - 1;
    long dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
    return era * 146_097 + dayOfEra - 719_468;
  }
}
