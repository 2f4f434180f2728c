package io.tracelake.jobs.export;

import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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

  private final int width;
  private final boolean color;

  /**
   * @param width columns of the terminal; the bars take what the labels leave
   * @param color ANSI colours on
   */
  public Waterfall(int width, boolean color) {
    this.width = Math.max(60, width);
    this.color = color;
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

    out.append(paint(color ? "\u001b[1m" : "", "trace " + traceId)).append("  ")
        .append(DATE_TIME.format(instant(t0))).append("  ").append(duration(t1 - t0)).append("  ")
        .append(spans.size()).append(spans.size() == 1 ? " span, " : " spans, ")
        .append(services.size()).append(services.size() == 1 ? " service" : " services");
    if (error) {
      out.append("  ").append(paint(RED, "ERROR"));
    }
    out.append('\n');
    if (!rows.isEmpty()) {
      // labels take what they need up to 45% of the line: the bars are the point
      int labelWidth = Math.min(rows.stream().mapToInt(r -> r.label().length()).max().orElse(10),
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
    out.append('\n').append(logs.isEmpty() ? "no log lines\n" : "log lines (" + logs.size() + ")\n");
    for (LogEvent log : logs) {
      String where = (log.service() == null ? "?" : log.service()) + (log.instance() == null ? "" : "/" + log.instance());
      String level = log.level() == null ? "-" : log.level();
      String levelText = pad(level, 5, true);
      if ("ERROR".equals(level) || "FATAL".equals(level)) {
        levelText = paint(RED, levelText);
      } else if ("WARN".equals(level)) {
        levelText = paint(YELLOW, levelText);
      }
      out.append(TIME.format(instant(log.timestampUs()))).append("  ").append(where).append("  ").append(levelText)
          .append("  ").append(firstLine(log.message())).append('\n');
      if (log.exceptionType() != null) {
        String exception = log.exceptionType() + (log.exceptionMessage() == null ? ""
            : ": " + firstLine(log.exceptionMessage()));
        out.append(" ".repeat(17)).append(paint(DIM, "↳ " + exception)).append('\n');
      }
    }
    return out.toString();
  }

  /** The legend of the markers that appear, so a reader never meets one unexplained. */
  private String legend(List<Span> spans) {
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
    return lines.isEmpty() ? "" : paint(DIM, String.join("   ", lines)) + "\n";
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

  /** Depth-first over the span tree, children by start time; spans whose parent is not in the trace are roots. */
  static List<Row> tree(List<Span> spans) {
    Set<String> ids = new HashSet<>();
    spans.forEach(s -> ids.add(s.spanId()));
    Map<String, List<Span>> children = new HashMap<>();
    List<Span> roots = new ArrayList<>();
    for (Span span : spans) {
      if (span.parentSpanId() != null && ids.contains(span.parentSpanId()) && !span.parentSpanId().equals(span.spanId())) {
        children.computeIfAbsent(span.parentSpanId(), p -> new ArrayList<>()).add(span);
      } else {
        roots.add(span);
      }
    }
    Comparator<Span> byStart = Comparator.comparingLong(Span::startUs).thenComparing(Span::spanId);
    roots.sort(byStart);
    children.values().forEach(list -> list.sort(byStart));
    List<Row> rows = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Span root : roots) {
      walk(root, 0, children, rows, seen);
    }
    // a parent cycle leaves spans unreached: show them as roots rather than lose them
    for (Span span : spans) {
      if (!seen.contains(span.spanId())) {
        walk(span, 0, children, rows, seen);
      }
    }
    return rows;
  }

  private static void walk(Span span, int depth, Map<String, List<Span>> children, List<Row> rows,
      Set<String> seen) {
    if (!seen.add(span.spanId())) {
      return;
    }
    rows.add(new Row(span, "  ".repeat(depth) + (span.service() == null ? "?" : span.service()) + "  "
        + (span.name() == null ? "" : span.name())));
    for (Span child : children.getOrDefault(span.spanId(), List.of())) {
      walk(child, depth + 1, children, rows, seen);
    }
  }

  record Row(Span span, String label) {}

  /** 850µs, 12.3ms, 1.25s, 2m03s. */
  static String duration(long us) {
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
    return text.length() > width ? text.substring(0, width - 1) + "…" : pad(text, width, true);
  }

  private static String pad(String text, int width) {
    return pad(text, width, false);
  }

  private static String pad(String text, int width, boolean left) {
    if (text.length() >= width) {
      return text;
    }
    String space = " ".repeat(width - text.length());
    return left ? text + space : space + text;
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
