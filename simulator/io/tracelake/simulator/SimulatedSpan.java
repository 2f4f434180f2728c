package io.tracelake.simulator;

import io.tracelake.model.SpanKind;
import java.util.ArrayList;
import java.util.List;

/**
 * One span as the simulation makes it: opened with its start, closed with its end and outcome. Times
 * are true epoch microseconds; the host's skew is added only when its lines are written.
 */
final class SimulatedSpan {
  /** Ordinary lines per span, between its start and end lines. */
  static final int MAX_NOTES = 3;

  final String traceId;
  final String spanId;
  final String parentSpanId;
  final Host host;
  final String name;
  final SpanKind kind;
  final String peerService;
  final String logger;
  final String thread;
  final String startMessage;
  final long startUs;
  /** Position in the order spans were opened; breaks ties between spans that start together. */
  final int order;

  long endUs;
  /** What failed, e.g. {@code PaymentProviderUnavailableException: provider returned 503}; null when it succeeded. */
  String failure;
  /** True when the failure was the operation's own and a retry may succeed. */
  boolean retryable;
  /** HTTP status of the response, 0 when the span is not an HTTP request. */
  int statusCode;
  /** Method and path of the request a SERVER span served, e.g. {@code GET /orders/523411}; null otherwise. */
  String httpMethod;
  String httpPath;
  /** Where its lines sit against its children; see {@link LoggingHabits}. */
  LineShape lineShape = LineShape.ENCLOSING;
  /** When its last synchronous child started, true time; set with a shape other than ENCLOSING. */
  long lastChildStartUs;
  /**
   * Ordinary lines it wrote that repeat an earlier one of its lines at the same instant: two real events
   * each. Set only with the habits of real services on.
   */
  int repeatedLines;
  /**
   * True when its instance logs nothing of it although the service logs: a CLIENT span to another
   * service under an agent, which the caller's own span logs around.
   */
  boolean unlogged;
  private List<SpanNote> notes = List.of();

  SimulatedSpan(String traceId, String spanId, String parentSpanId, Host host, String name, SpanKind kind,
      String peerService, String logger, String thread, String startMessage, long startUs, int order) {
    this.traceId = traceId;
    this.spanId = spanId;
    this.parentSpanId = parentSpanId;
    this.host = host;
    this.name = name;
    this.kind = kind;
    this.peerService = peerService;
    this.logger = logger;
    this.thread = thread;
    this.startMessage = startMessage;
    this.startUs = startUs;
    this.order = order;
  }

  boolean error() {
    return failure != null;
  }

  String service() {
    return host.service();
  }

  List<SpanNote> notes() {
    return notes;
  }

  /** Adds a line whatever the span has already: a line the situation calls for, not a random one. */
  void addRequiredNote(SpanNote note) {
    if (notes.isEmpty()) {
      notes = new ArrayList<>(MAX_NOTES + 1);
    }
    notes.add(note);
  }

  /** Logs the ordinary line at {@code index} a second time, right after it, at the same instant. */
  void repeatNote(int index) {
    notes.add(index + 1, notes.get(index));
  }

  /**
   * Adds a line unless the span already has {@link #MAX_NOTES}; the caller keeps it strictly inside the
   * span. True when it was added.
   */
  boolean addNote(SpanNote note) {
    if (notes.isEmpty()) {
      notes = new ArrayList<>(MAX_NOTES);
    }
    if (notes.size() < MAX_NOTES) {
      notes.add(note);
      return true;
    }
    return false;
  }
}
