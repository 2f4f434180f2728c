package io.tracelake.simulator;

import io.tracelake.model.SpanKind;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Habits of real services' logging, laid over a simulated trace once it is whole: spans whose lines do
 * not enclose their children ({@link Scenario#nonEnclosing()}) and ordinary lines logged twice at the
 * same instant ({@link Scenario#repeats()}). Draws come from a stream of their own, so that the trace
 * itself, and so the truth's spans and times, stay those of the day without them.
 */
final class LoggingHabits {
  private static final LineShape[] NON_ENCLOSING = {
      LineShape.ONE_LINE_BEFORE, LineShape.ONE_LINE_AFTER, LineShape.LAST_LINE_BEFORE};

  private LoggingHabits() {}

  static void apply(SimulatedTrace trace, Scenario scenario, SplittableRandom random) {
    if (scenario.nonEnclosing() > 0) {
      shape(trace, scenario, random);
    }
    if (scenario.repeats() > 0) {
      repeat(trace, scenario, random);
    }
    for (SimulatedSpan span : trace.spans()) {
      span.repeatedLines = logsItsLines(span, scenario) ? countRepeats(span) : 0;
    }
  }

  /**
   * Ordinary lines of {@code span} it writes that are an earlier one's twin: the same instant, level and
   * message. Besides the repeats drawn here, two random ordinary lines of a short span now and then
   * fall on the same microsecond with the same message: those are two real events as well.
   */
  private static int countRepeats(SimulatedSpan span) {
    List<SpanNote> notes = span.notes();
    if (notes.size() < 2) {
      return 0;
    }
    Set<SpanNote> seen = new HashSet<>();
    int repeats = 0;
    for (SpanNote note : notes) {
      if (writes(span, note) && !seen.add(note)) {
        repeats++;
      }
    }
    return repeats;
  }

  /**
   * Gives a drawn share of the spans that log and have synchronous children a shape other than
   * enclosing. A child that starts after its parent ended (a consumer, work after the response) is not
   * one the parent could log around, and a PRODUCER's children are all such.
   */
  private static void shape(SimulatedTrace trace, Scenario scenario, SplittableRandom random) {
    Map<String, SimulatedSpan> byId = new HashMap<>();
    Map<String, Long> lastChildStart = new HashMap<>();
    for (SimulatedSpan span : trace.spans()) {
      byId.put(span.spanId, span);
    }
    for (SimulatedSpan span : trace.spans()) {
      SimulatedSpan parent = span.parentSpanId == null ? null : byId.get(span.parentSpanId);
      if (parent != null && span.startUs < parent.endUs) {
        lastChildStart.merge(parent.spanId, span.startUs, Math::max);
      }
    }
    // in start order, so that the draws follow the trace
    for (SimulatedSpan span : trace.spans()) {
      Long childStart = lastChildStart.get(span.spanId);
      if (childStart == null || span.kind == SpanKind.PRODUCER || !logsItsLines(span, scenario)) {
        continue;
      }
      if (random.nextDouble() < scenario.nonEnclosing()) {
        span.lineShape = NON_ENCLOSING[random.nextInt(NON_ENCLOSING.length)];
        span.lastChildStartUs = childStart;
      }
    }
  }

  /** Logs a drawn share of the ordinary lines that are written a second time, right after, at the same instant. */
  private static void repeat(SimulatedTrace trace, Scenario scenario, SplittableRandom random) {
    for (SimulatedSpan span : trace.spans()) {
      if (!logsItsLines(span, scenario)) {
        continue;
      }
      List<SpanNote> notes = span.notes();
      for (int i = 0; i < notes.size(); i++) {
        if (writes(span, notes.get(i)) && random.nextDouble() < scenario.repeats()) {
          span.repeatNote(i);
          i++;
        }
      }
    }
  }

  /** Whether {@code span}'s instance writes its lines into an application log. */
  static boolean logsItsLines(SimulatedSpan span, Scenario scenario) {
    return !span.unlogged && scenario.loggingOf(span.service()) == Scenario.Logging.ALL;
  }

  /** Whether the shape of {@code span} lets it write {@code note}. */
  static boolean writes(SimulatedSpan span, SpanNote note) {
    switch (span.lineShape) {
      case ENCLOSING:
        return true;
      case LAST_LINE_BEFORE:
        return note.timeUs() <= span.lastChildStartUs;
      default:
        return false;
    }
  }
}
