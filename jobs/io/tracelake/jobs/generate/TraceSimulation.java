package io.tracelake.jobs.generate;

import io.tracelake.model.Level;
import io.tracelake.model.SpanKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The state of one request while it is simulated: its random stream, its trace id, and the spans opened
 * so far. Serving an endpoint here picks the instance, runs the endpoint's behavior and closes its span.
 */
final class TraceSimulation {
  static final Latency NETWORK_HOP = Latency.ms(0.35, 0.5);

  /** Chance in percent of 0, 1, 2 or 3 ordinary lines: servers and listeners talk more than clients. */
  private static final int[] SERVER_NOTE_ODDS = {15, 30, 30, 25};
  private static final int[] OTHER_NOTE_ODDS = {40, 35, 18, 7};
  private static final Comparator<SimulatedSpan> BY_START =
      Comparator.comparingLong((SimulatedSpan s) -> s.startUs).thenComparingInt(s -> s.order);

  private final Fleet fleet;
  private final SplittableRandom random;
  private final String traceId;
  private final RequestFacts facts;
  private final List<SimulatedSpan> spans = new ArrayList<>(64);
  /** Start and end entries of the spans opened so far, and the ordinary lines they kept. */
  private long events;

  TraceSimulation(Fleet fleet, SplittableRandom random, String traceId, RequestFacts facts) {
    this.fleet = fleet;
    this.random = random;
    this.traceId = traceId;
    this.facts = facts;
  }

  SplittableRandom random() {
    return random;
  }

  RequestFacts facts() {
    return facts;
  }

  /** Log entries of the trace so far: two per span and its ordinary lines (response bodies aside). */
  long events() {
    return events;
  }

  SimulatedSpan open(SpanKind kind, Host host, String name, SimulatedSpan parent, String peerService,
      String logger, String thread, long startUs, String startMessage) {
    SimulatedSpan span = new SimulatedSpan(traceId, HexIds.spanId(random), parent == null ? null : parent.spanId,
        host, name, kind, peerService, logger, thread, startMessage, startUs, spans.size());
    spans.add(span);
    events += 2;
    return span;
  }

  /** Ends {@code span} and gives it a few ordinary lines from {@code notes} at random times inside it. */
  void close(SimulatedSpan span, long endUs, String failure, boolean retryable, int statusCode,
      List<NoteTemplate> notes) {
    span.endUs = endUs;
    span.failure = failure;
    span.retryable = retryable;
    span.statusCode = statusCode;
    if (notes.isEmpty()) {
      return;
    }
    boolean talkative = span.kind == SpanKind.SERVER || span.kind == SpanKind.CONSUMER;
    int count = draw(talkative ? SERVER_NOTE_ODDS : OTHER_NOTE_ODDS);
    long gap = endUs - span.startUs - 1;
    for (int i = 0; i < count; i++) {
      NoteTemplate template = notes.get(random.nextInt(notes.size()));
      if (span.addNote(new SpanNote(span.startUs + 1 + random.nextLong(gap), template.level(), template.message()))) {
        events++;
      }
    }
  }

  /** A line of {@code span} at {@code timeUs}, which the caller keeps strictly inside the span. */
  void note(SimulatedSpan span, long timeUs, Level level, String message) {
    if (span.addNote(new SpanNote(timeUs, level, message))) {
      events++;
    }
  }

  /**
   * Serves an HTTP request for {@code path} on one of the endpoint's instances from {@code startUs}: a
   * SERVER span whose parent is the caller's CLIENT span (null for the root).
   */
  SimulatedSpan serveRequest(Endpoint endpoint, String path, SimulatedSpan parent, long startUs) {
    return serve(endpoint, "Received " + endpoint.method() + " " + path, path, parent, startUs);
  }

  /** Consumes a message on one of the listener's instances: a CONSUMER span whose parent is the producer's span. */
  SimulatedSpan serveMessage(Endpoint listener, String startMessage, SimulatedSpan producer, long startUs) {
    return serve(listener, startMessage, null, producer, startUs);
  }

  private SimulatedSpan serve(Endpoint endpoint, String startMessage, String path, SimulatedSpan parent,
      long startUs) {
    Host host = fleet.pick(endpoint.service(), random);
    String thread = endpoint.threads().pick(random);
    SimulatedSpan span = open(endpoint.kind(), host, endpoint.name(), parent, null, endpoint.logger(), thread,
        startUs, startMessage);
    if (path != null) {
      span.httpMethod = endpoint.method();
      span.httpPath = path;
    }
    SpanWork work = new SpanWork(this, span, thread, startUs);
    Failure own = work.perform(endpoint.selfTime(), endpoint.failures(), endpoint.behavior());
    int status;
    if (own != null) {
      status = own.status();
    } else {
      status = work.failed() ? endpoint.upstreamFailureStatus() : endpoint.okStatus();
    }
    close(span, work.now(), work.failure(), own != null && own.retryable(), status, endpoint.notes());
    return span;
  }

  SimulatedTrace finish() {
    spans.sort(BY_START);
    return new SimulatedTrace(traceId, List.copyOf(spans));
  }

  private int draw(int[] oddsInPercent) {
    int roll = random.nextInt(100);
    for (int i = 0; i < oddsInPercent.length; i++) {
      roll -= oddsInPercent[i];
      if (roll < 0) {
        return i;
      }
    }
    return oddsInPercent.length - 1;
  }
}
