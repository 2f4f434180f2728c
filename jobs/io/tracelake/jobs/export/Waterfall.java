package io.tracelake.jobs.export;

import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.trace.SpanTree;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One trace as text for a terminal: the span tree with each span's bar on a time axis common to the
 * whole trace, then the trace's log lines in time order.
 *
 * <p>Every span row starts with a three-character marker column ({@code !} error, {@code ~} times
 * shifted to correct clock skew, {@code ?} parent inferred rather than logged) so the output means the
 * same in a file or a pipe; with colour on, error rows are red and WARN/ERROR log levels coloured too.
 *
 * <p>No printed line is wider than the width asked for: a log line's message (or, failing that, anything
 * else) is cut with {@code …}, unless the view is {@code full}, which prints every message whole, each of its
 * lines on a line of its own. Widths are counted in terminal columns (East Asian wide characters take two,
 * combining marks none), and control characters in logged text are shown as visible symbols, since a message
 * holding an escape sequence would otherwise redraw the user's terminal.
 *
 * <p>Log lines are shown on the same clock as the spans: a line's time is corrected by its host's
 * {@code clock_skew_us} (the correction of the trace's spans on the same service and instance) and marked
 * {@code ~}; with {@code rawTime} the time the host logged is printed beside it.
 */
public final class Waterfall {

  private static final String RED = "\u001b[31m";
  private static final String YELLOW = "\u001b[33m";
  private static final String DIM = "\u001b[2m";
  private static final String RESET = "\u001b[0m";
  private static final char BAR = '█';
  private static final char ERROR_BAR = '!';
  private static final int MIN_BAR = 20;
  private static final int DURATION_WIDTH = 9;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS 'UTC'").withZone(ZoneOffset.UTC);

  /** Time column, marker column and the space after them: where a log line's continuation lines start. */
  private static final int LOG_INDENT = 17;

  private final int width;
  private final boolean color;
  private final boolean full;
  private final boolean rawTime;

  /**
   * @param width columns of the terminal; the bars take what the labels leave
   * @param color ANSI colours on
   */
  public Waterfall(int width, boolean color) {
    this(width, color, false, false);
  }

  /**
   * @param full print every log message whole (all of its lines), however wide
   * @param rawTime print beside each log line's corrected time the time its host logged
   */
  public Waterfall(int width, boolean color, boolean full, boolean rawTime) {
    this.width = Math.max(60, width);
    this.color = color;
    this.full = full;
    this.rawTime = rawTime;
  }

  /** The whole view: header, axis, one row per span, legend, logs. */
  public String render(String traceId, List<Span> spans, List<LogEvent> logs) {
    StringBuilder out = new StringBuilder();
    List<Row> rows = tree(spans);
    long t0 = spans.stream().mapToLong(Span::startUs).min().orElse(logs.isEmpty() ? 0 : logs.get(0).timestampUs());
    long t1 = spans.stream().mapToLong(Span::endUs).max().orElse(t0);
    long total = Math.max(1, t1 - t0);
    Set<String> services = new LinkedHashSet<>();
    spans.forEach(s -> services.add(s.service()));
    boolean error = spans.stream().anyMatch(Span::error);

    // the error flag sits beside the id, so that it stays on the first line however narrow the terminal
    String id = "trace " + traceId;
    List<String> header = List.of(id + (error ? "  ERROR" : ""), DATE_TIME.format(instant(t0)), duration(t1 - t0),
        spans.size() + (spans.size() == 1 ? " span, " : " spans, ") + services.size()
            + (services.size() == 1 ? " service" : " services"));
    for (String line : wrap(header, "  ")) {
      if (color && line.startsWith(id)) {
        String rest = line.substring(id.length());
        line = paint("\u001b[1m", id) + (error ? "  " + paint(RED, "ERROR") + rest.substring(7) : rest);
      }
      out.append(line).append('\n');
    }
    if (!rows.isEmpty()) {
      // labels take what they need up to 45% of the line: the bars are the point
      int labelWidth = Math.min(rows.stream().mapToInt(r -> columns(r.label())).max().orElse(10),
          Math.max(20, (width - 16) * 45 / 100));
      int barWidth = Math.max(MIN_BAR, width - 3 - labelWidth - 1 - DURATION_WIDTH - 3);
      out.append(" ".repeat(3 + labelWidth + 1 + DURATION_WIDTH + 1)).append(axis(total, barWidth)).append('\n');
      for (Row row : rows) {
        Span span = row.span();
        String markers = (span.error() ? "!" : " ") + (SpanProvenance.skewAdjusted(span) ? "~" : " ")
            + (SpanProvenance.parentInferred(span) ? "?" : " ");
        String label = fit(row.label(), labelWidth);
        String line = markers + label + " " + pad(duration(span.durationUs()), DURATION_WIDTH) + " |"
            + bar(span, t0, total, barWidth) + "|";
        out.append(span.error() ? paint(RED, line) : line).append('\n');
      }
      out.append(legend(spans));
    }
    out.append('\n');
    logLines(out, spans, logs);
    return out.toString();
  }

  /** The log lines in time order on the spans' clock, each bounded by the width unless the view is full. */
  private void logLines(StringBuilder out, List<Span> spans, List<LogEvent> logs) {
    if (logs.isEmpty()) {
      out.append("no log lines\n");
      return;
    }
    Map<String, Long> skew = hostSkews(spans);
    List<ShownLog> shown = new ArrayList<>();
    for (LogEvent log : logs) {
      shown.add(new ShownLog(log, skew.getOrDefault(host(log.service(), log.instance()), 0L)));
    }
    // stable: lines at the same corrected time keep the order they were logged in
    shown.sort(Comparator.comparingLong(ShownLog::shownUs));
    boolean shifted = shown.stream().anyMatch(l -> l.skewUs() != 0);
    List<String> title = new ArrayList<>(List.of("log lines (" + logs.size() + ")"));
    if (shifted) {
      title.add("on the spans' clock: ~ marks a line its host's clock_skew_us shifted");
      title.add(rawTime ? "(the second time is the one logged)" : "(--raw-time shows the logged times)");
    }
    wrap(title, "  ").forEach(line -> out.append(line).append('\n'));
    for (ShownLog line : shown) {
      LogEvent log = line.log();
      String where = visible((log.service() == null ? "?" : log.service())
          + (log.instance() == null ? "" : "/" + log.instance()));
      String level = pad(log.level() == null ? "-" : visible(log.level()), 5, true);
      String time = TIME.format(instant(line.shownUs())) + (line.skewUs() != 0 ? "~" : " ")
          + (rawTime ? " " + TIME.format(instant(log.timestampUs())) : "");
      List<String> message = full ? messageLines(log.message()) : List.of(visible(firstLine(log.message())));
      int fixed = columns(time) + 1 + 2 + columns(level) + 2;
      if (!full && fixed + columns(where) + 1 > width) {
        where = cut(where, Math.max(1, width - fixed - 1));
      }
      String head = time + " " + where + "  ";
      String rest = "  " + message.get(0);
      int room = width - columns(head) - columns(level);
      if (!full) {
        rest = cut(rest, Math.max(0, room));
      }
      String levelText = log.level() == null ? level : switch (log.level()) {
        case "ERROR", "FATAL" -> paint(RED, level);
        case "WARN" -> paint(YELLOW, level);
        default -> level;
      };
      out.append(head).append(levelText).append(rest).append('\n');
      for (String more : message.subList(1, message.size())) {
        out.append(" ".repeat(LOG_INDENT)).append(more).append('\n');
      }
      if (log.exceptionType() != null) {
        List<String> exception = full && log.exceptionMessage() != null ? messageLines(log.exceptionMessage())
            : List.of(log.exceptionMessage() == null ? "" : visible(firstLine(log.exceptionMessage())));
        String first = "↳ " + visible(log.exceptionType()) + (log.exceptionMessage() == null ? "" : ": " + exception.get(0));
        out.append(" ".repeat(LOG_INDENT)).append(paint(DIM, full ? first : cut(first, width - LOG_INDENT)))
            .append('\n');
        for (String more : exception.subList(1, exception.size())) {
          out.append(" ".repeat(LOG_INDENT + 2)).append(paint(DIM, more)).append('\n');
        }
      }
    }
  }

  /** A log line as shown: its event and the correction of its host's clock. */
  private record ShownLog(LogEvent log, long skewUs) {
    long shownUs() {
      return log.timestampUs() + skewUs;
    }
  }

  /**
   * The clock correction of each host (service and instance) of the trace: the one its spans carry. The rebuild
   * corrects a host as a whole, so its spans agree; should they not, the correction most of them carry wins.
   */
  private static Map<String, Long> hostSkews(List<Span> spans) {
    Map<String, Map<Long, Integer>> votes = new HashMap<>();
    for (Span span : spans) {
      votes.computeIfAbsent(host(span.service(), span.instance()), h -> new HashMap<>())
          .merge(span.clockSkewUs(), 1, Integer::sum);
    }
    Map<String, Long> skews = new HashMap<>();
    votes.forEach((host, counts) -> skews.put(host, counts.entrySet().stream()
        .max(Map.Entry.<Long, Integer>comparingByValue().thenComparing(e -> -Math.abs(e.getKey())))
        .orElseThrow().getKey()));
    return skews;
  }

  private static String host(String service, String instance) {
    return service + "\u0000" + instance;
  }

  /** The legend of the markers that appear, so a reader never meets one unexplained. */
  private String legend(List<Span> spans) {
    List<String> lines = legendItems(spans);
    return lines.isEmpty() ? "" : wrap(lines, "   ").stream().map(l -> paint(DIM, l) + "\n")
        .collect(java.util.stream.Collectors.joining());
  }

  private static List<String> legendItems(List<Span> spans) {
    List<String> lines = new ArrayList<>();
    if (spans.stream().anyMatch(Span::error)) {
      lines.add("!  error (status ERROR)");
    }
    if (spans.stream().anyMatch(SpanProvenance::skewAdjusted)) {
      lines.add("~  times shifted to correct the host's clock skew (clock_skew_us)");
    }
    if (spans.stream().anyMatch(SpanProvenance::parentInferred)) {
      lines.add("?  parent inferred, not logged (parent_source)");
    }
    return lines;
  }

  /** The items joined by {@code separator} on as few lines as the width allows (an item wider than it is cut). */
  private List<String> wrap(List<String> items, String separator) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String item : items) {
      String text = cut(item, width);
      if (line.length() > 0 && columns(line.toString()) + separator.length() + columns(text) > width) {
        lines.add(line.toString());
        line.setLength(0);
      }
      line.append(line.length() > 0 ? separator : "").append(text);
    }
    if (line.length() > 0) {
      lines.add(line.toString());
    }
    return lines;
  }

  private String bar(Span span, long t0, long total, int barWidth) {
    int from = (int) Math.min(barWidth - 1, Math.floor((double) (span.startUs() - t0) / total * barWidth));
    int to = (int) Math.min(barWidth, Math.ceil((double) (span.endUs() - t0) / total * barWidth));
    to = Math.max(to, from + 1);
    char fill = span.error() && !color ? ERROR_BAR : BAR;
    return " ".repeat(Math.max(0, from)) + String.valueOf(fill).repeat(to - from) + " ".repeat(barWidth - to);
  }

  /**
   * Tick labels at the start, the end and the quarters of the trace; a quarter whose label would touch
   * another is left out.
   */
  private static String axis(long total, int barWidth) {
    char[] line = " ".repeat(barWidth + 2).toCharArray();
    boolean[] taken = new boolean[line.length + 1];
    for (int q : new int[] {0, 4, 2, 1, 3}) {
      String tick = duration(total * q / 4);
      int at = q == 4 ? line.length - tick.length()
          : Math.max(0, Math.min(1 + (int) ((long) barWidth * q / 4), line.length - tick.length()));
      boolean clear = true;
      for (int i = Math.max(0, at - 1); i <= Math.min(line.length, at + tick.length()); i++) {
        clear &= !taken[i];
      }
      if (clear) {
        tick.getChars(0, tick.length(), line, at);
        for (int i = at; i < at + tick.length(); i++) {
          taken[i] = true;
        }
      }
    }
    return new String(line).stripTrailing();
  }

  /** Depth-first over the span tree (SpanTree's order: children by start time, unreachable spans as roots). */
  static List<Row> tree(List<Span> spans) {
    Map<String, Span> byId = new HashMap<>();
    spans.forEach(s -> byId.putIfAbsent(s.spanId(), s));
    List<Row> rows = new ArrayList<>();
    SpanTree.positions(spans).forEach((id, position) -> {
      Span span = byId.get(id);
      rows.add(new Row(span, "  ".repeat(position.depth()) + visible(span.service() == null ? "?" : span.service())
          + "  " + visible(span.name() == null ? "" : span.name())));
    });
    return rows;
  }

  record Row(Span span, String label) {}

  /** 850µs, 12.3ms, 1.25s, 2m03s. */
  public static String duration(long us) {
    if (us < 1_000) {
      return us + "µs";
    }
    if (us < 1_000_000) {
      return String.format(Locale.ROOT, us < 100_000 ? "%.1fms" : "%.0fms", us / 1_000.0);
    }
    if (us < 60_000_000) {
      return String.format(Locale.ROOT, "%.2fs", us / 1_000_000.0);
    }
    return String.format(Locale.ROOT, "%dm%02ds", us / 60_000_000, (us / 1_000_000) % 60);
  }

  private String paint(String code, String text) {
    return color ? code + text + RESET : text;
  }

  private static String fit(String text, int width) {
    return pad(cut(text, width), width, true);
  }

  private static String pad(String text, int width) {
    return pad(text, width, false);
  }

  private static String pad(String text, int width, boolean left) {
    int columns = columns(text);
    if (columns >= width) {
      return text;
    }
    String space = " ".repeat(width - columns);
    return left ? text + space : space + text;
  }

  /** The text in at most {@code width} terminal columns: cut with {@code …} when it is wider. */
  static String cut(String text, int width) {
    if (columns(text) <= width) {
      return text;
    }
    if (width <= 0) {
      return "";
    }
    StringBuilder kept = new StringBuilder();
    int used = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      int w = columns(cp);
      if (used + w > width - 1) {
        break;
      }
      kept.appendCodePoint(cp);
      used += w;
      i += Character.charCount(cp);
    }
    return kept.append('…').toString();
  }

  /** Terminal columns the text takes (after {@link #visible}: it holds no control character). */
  static int columns(String text) {
    int total = 0;
    for (int i = 0; i < text.length(); ) {
      int cp = text.codePointAt(i);
      total += columns(cp);
      i += Character.charCount(cp);
    }
    return total;
  }

  /**
   * Columns of one code point: 0 for combining marks and format characters, 2 for East Asian wide and full-width
   * characters and emoji (the ranges of Unicode's East_Asian_Width W and F that terminals draw double), else 1.
   */
  private static int columns(int cp) {
    int type = Character.getType(cp);
    if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
      return 0;
    }
    boolean wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0x303E) || (cp >= 0x3041 && cp <= 0x33FF)
        || (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xA000 && cp <= 0xA4CF)
        || (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFE30 && cp <= 0xFE4F)
        || (cp >= 0xFF00 && cp <= 0xFF60) || (cp >= 0xFFE0 && cp <= 0xFFE6) || (cp >= 0x1F300 && cp <= 0x1F64F)
        || (cp >= 0x1F900 && cp <= 0x1F9FF) || (cp >= 0x20000 && cp <= 0x3FFFD);
    return wide ? 2 : 1;
  }

  /**
   * Logged text made safe to print: a tab becomes a space and every other control character its visible symbol
   * (ESC as ␛, CR as ␍, C1 controls as ¿), so no logged byte can move the cursor or recolour the terminal.
   */
  static String visible(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0);
      if (control && out == null) {
        out = new StringBuilder(text.length()).append(text, 0, i);
      }
      if (out != null) {
        out.append(!control ? c : c == '\t' ? ' ' : c < 0x20 ? (char) (0x2400 + c) : c == 0x7F ? '␡' : '¿');
      }
    }
    return out == null ? text : out.toString();
  }

  /** Every line of a message, each made {@link #visible}; an absent message is one empty line. */
  private static List<String> messageLines(String text) {
    if (text == null) {
      return List.of("");
    }
    List<String> lines = new ArrayList<>();
    text.lines().forEach(l -> lines.add(visible(l.stripTrailing())));
    return lines.isEmpty() ? List.of("") : lines;
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "";
    }
    int newline = text.indexOf('\n');
    return (newline < 0 ? text : text.substring(0, newline)).stripTrailing();
  }

  private static Instant instant(long us) {
    return Instant.ofEpochSecond(Math.floorDiv(us, 1_000_000L), Math.floorMod(us, 1_000_000L) * 1_000L);
  }
}
