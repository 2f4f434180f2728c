package io.tracelake.model.trace;

import io.tracelake.model.KindSource;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimingSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Cuts the events one instance logged for a trace without span ids into handlings: one span per time the
 * instance handled the request. A "request received" or "consuming" line opens a handling; each thread
 * keeps a stack of the work it began ("Calling ...", "Running ...") so that a "completed in N ms" line
 * closes the right one, and the handling closes with the completion of its own opening line. Lines of a
 * thread with nothing open (a pool thread of a parallel branch) belong to the latest handling still open.
 * Outgoing calls and publishes are kept as evidence for linking the callees.
 */
final class HandlingSplitter {

  private final LineEvidence evidence;
  private final String traceId;

  HandlingSplitter(LineEvidence evidence, String traceId) {
    this.evidence = evidence;
    this.traceId = traceId;
  }

  /** The state of one handling while its lines are read. */
  private static final class Handling {
    final SpanDraft draft;
    LogEvent startEvent;
    LineEvidence.Line startLine;
    LogEvent endEvent;
    LineEvidence.Line endLine;
    LogEvent accessEvent;

    Handling(SpanDraft draft) {
      this.draft = draft;
    }

    boolean open() {
      return endEvent == null;
    }
  }

  private record Frame(Handling handling, LogEvent event, LineEvidence.Line line) {}

  /**
   * @param events one instance's events of the trace, in time order
   * @param calls receives the outgoing calls and publishes seen
   * @return the handlings, as spans
   */
  List<SpanDraft> split(List<LogEvent> events, List<CallEvidence> calls) {
    List<Handling> handlings = new ArrayList<>();
    List<LogEvent> accessEvents = new ArrayList<>();
    Map<String, Deque<Frame>> stacks = new HashMap<>();
    LogEvent first = events.get(0);
    for (LogEvent event : events) {
      if (isAccessLog(event)) {
        accessEvents.add(event);
        continue;
      }
      LineEvidence.Line line = evidence.read(event.message());
      Deque<Frame> stack = stacks.computeIfAbsent(Objects.toString(event.thread(), ""), t -> new ArrayDeque<>());
      if (line != null && (line.kind() == LineEvidence.Kind.SERVER_START
          || line.kind() == LineEvidence.Kind.CONSUMER_START) && !twinOfOpenStart(stack, event)) {
        Handling handling = new Handling(newDraft(first, handlings.size()));
        handling.startEvent = event;
        handling.startLine = line;
        handling.draft.thread = event.thread();
        handling.draft.events.add(event);
        handlings.add(handling);
        stack.push(new Frame(handling, event, line));
        continue;
      }
      Handling owner = owner(stack, handlings);
      if (owner == null) {
        owner = new Handling(newDraft(first, handlings.size()));
        owner.draft.thread = event.thread();
        handlings.add(owner);
      }
      owner.draft.events.add(event);
      if (line == null) {
        continue;
      }
      if (line.kind().starts()) {
        stack.push(new Frame(owner, event, line));
      } else {
        closeUnendedAbove(stack, line, calls, event.timestampUs());
        Frame frame = stack.poll();
        if (frame == null) {
          if (owner.startEvent == null && owner.endEvent == null) {
            // no opening line logged: the completion still says when the handling ended and how long it took
            owner.endEvent = event;
            owner.endLine = line;
          }
        } else if (frame.line() == frame.handling().startLine && frame.event() == frame.handling().startEvent) {
          frame.handling().endEvent = event;
          frame.handling().endLine = line;
        } else {
          addCall(calls, frame, event.timestampUs());
        }
      }
    }
    for (Deque<Frame> stack : stacks.values()) {
      for (Frame frame : stack) {
        if (frame.handling().startEvent != frame.event()) {
          addCall(calls, frame, Long.MIN_VALUE); // a call whose completion was never logged
        }
      }
    }
    for (LogEvent access : accessEvents) {
      attachAccessLine(access, handlings, first);
    }
    List<SpanDraft> drafts = new ArrayList<>(handlings.size());
    for (Handling handling : handlings) {
      finish(handling);
      drafts.add(handling.draft);
    }
    return drafts;
  }

  /**
   * True when the thread's innermost open frame is a handling opened by a line of the same time and message: the
   * same "Received …" twice in one instant on one thread is one request logged twice (a re-shipped copy the file
   * position could not tell apart), not a second handling, which could not begin before the first had. The line
   * stays an event of that handling.
   */
  private static boolean twinOfOpenStart(Deque<Frame> stack, LogEvent event) {
    Frame top = stack.peek();
    return top != null && top.event() == top.handling().startEvent && top.event().timestampUs() == event.timestampUs()
        && Objects.equals(top.event().message(), event.message());
  }

  static boolean isAccessLog(LogEvent event) {
    return event.durationUs() != null && event.httpMethod() != null;
  }

  private SpanDraft newDraft(LogEvent first, int index) {
    SpanDraft draft = new SpanDraft(first.service(), first.instance());
    draft.id = SpanIds.derive(traceId, draft.host, Integer.toString(index));
    draft.inferred = true;
    return draft;
  }

  /** The handling a line of a thread belongs to: what the thread has open, else the latest open handling. */
  private static Handling owner(Deque<Frame> stack, List<Handling> handlings) {
    Frame top = stack.peek();
    if (top != null) {
      return top.handling();
    }
    for (int i = handlings.size() - 1; i >= 0; i--) {
      if (handlings.get(i).open() && handlings.get(i).startEvent != null) {
        return handlings.get(i);
      }
    }
    // after the last handling closed (a late asynchronous line), or before any opened
    return handlings.isEmpty() ? null : handlings.get(handlings.size() - 1);
  }

  /**
   * An end line that names its handling ("POST /checkout completed in 1 ms" for "Received POST /checkout")
   * ends that handling even when lines it opened logged no end of their own (a publish "Enqueued X to Y"
   * with no "send completed" after it): those are calls whose end was not logged.
   */
  private static void closeUnendedAbove(Deque<Frame> stack, LineEvidence.Line end, List<CallEvidence> calls,
      long atUs) {
    Frame handlingFrame = null;
    for (Frame frame : stack) {
      LineEvidence.Line start = frame.line();
      if (frame.event() == frame.handling().startEvent && start.kind() == LineEvidence.Kind.SERVER_START) {
        handlingFrame = (start.method() + " " + start.path()).equals(end.name()) ? frame : null;
        break;
      }
    }
    while (handlingFrame != null && stack.peek() != handlingFrame) {
      addCall(calls, stack.pop(), Long.MIN_VALUE);
    }
  }

  private static void addCall(List<CallEvidence> calls, Frame frame, long endUs) {
    LineEvidence.Line line = frame.line();
    if (line.kind() == LineEvidence.Kind.CALL) {
      calls.add(new CallEvidence(frame.handling().draft, ParentSource.CALL_LINE, line.service(), line.method(),
          line.path(), null, null, frame.event().timestampUs(), endUs));
    } else if (line.kind() == LineEvidence.Kind.PUBLISH) {
      calls.add(new CallEvidence(frame.handling().draft, ParentSource.PRODUCER, null, null, null, line.topic(),
          line.message(), frame.event().timestampUs(), endUs));
    }
  }

  /**
   * An access-log line joins the handling of the same request (same method and path, ended within a
   * second of it); without one it is a handling of its own, as for a service that writes only an access log.
   */
  private void attachAccessLine(LogEvent access, List<Handling> handlings, LogEvent first) {
    String path = LineEvidence.stripQuery(access.httpPath());
    Handling best = null;
    long bestGap = 1_000_000;
    for (Handling handling : handlings) {
      if (handling.accessEvent != null || handling.startLine == null
          || handling.startLine.kind() != LineEvidence.Kind.SERVER_START
          || !access.httpMethod().equals(handling.startLine.method()) || !path.equals(handling.startLine.path())) {
        continue;
      }
      long end = handling.endEvent != null ? handling.endEvent.timestampUs()
          : handling.draft.events.get(handling.draft.events.size() - 1).timestampUs();
      long gap = Math.abs(end - access.timestampUs());
      if (gap <= bestGap) {
        best = handling;
        bestGap = gap;
      }
    }
    if (best == null) {
      best = new Handling(newDraft(first, handlings.size()));
      handlings.add(best);
    }
    best.accessEvent = access;
    best.draft.events.add(access);
  }

  private static void finish(Handling handling) {
    SpanDraft draft = handling.draft;
    draft.events.sort(java.util.Comparator.comparingLong(LogEvent::timestampUs));
    long firstUs = draft.events.get(0).timestampUs();
    long lastUs = draft.events.get(draft.events.size() - 1).timestampUs();
    LogEvent access = handling.accessEvent;
    if (handling.startEvent != null && handling.endEvent != null) {
      draft.startUs = handling.startEvent.timestampUs();
      draft.endUs = handling.endEvent.timestampUs();
      draft.timing = TimingSource.MARKERS;
    } else if (handling.endEvent != null) {
      draft.endUs = handling.endEvent.timestampUs();
      draft.startUs = Math.min(firstUs, draft.endUs - handling.endLine.durationUs());
      draft.timing = TimingSource.DURATION;
    } else if (access != null) {
      draft.endUs = access.timestampUs();
      draft.startUs = access.timestampUs() - access.durationUs();
      draft.timing = TimingSource.ACCESS_LOG;
    } else {
      draft.startUs = handling.startEvent != null ? handling.startEvent.timestampUs() : firstUs;
      draft.endUs = lastUs;
      draft.timing = TimingSource.FIRST_LAST_EVENT;
    }
    if (handling.startLine != null && handling.startLine.kind() == LineEvidence.Kind.SERVER_START) {
      draft.setKind(SpanKind.SERVER, KindSource.EVIDENCE);
      draft.method = handling.startLine.method();
      draft.path = handling.startLine.path();
    } else if (handling.startLine != null) {
      draft.setKind(SpanKind.CONSUMER, KindSource.EVIDENCE);
      draft.topic = handling.startLine.topic();
      draft.message = handling.startLine.message();
    } else if (access != null) {
      draft.setKind(SpanKind.SERVER, KindSource.EVIDENCE);
      draft.method = access.httpMethod();
      draft.path = LineEvidence.stripQuery(access.httpPath());
    }
    if (handling.endLine != null) {
      draft.name = handling.endLine.name();
    } else if (draft.method != null) {
      draft.name = draft.method + " " + draft.path;
    } else if (draft.topic != null) {
      draft.name = draft.topic + " receive";
    }
  }
}
