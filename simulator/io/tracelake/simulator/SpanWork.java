package io.tracelake.simulator;

import io.tracelake.model.Level;
import io.tracelake.model.SpanKind;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The work of one span as it goes: a clock that each call, query and pause moves forward. Once
 * something it called has failed, later steps are skipped and the span fails with that cause, the way
 * an exception unwinds a request handler.
 */
final class SpanWork {
  private static final Latency STEP_GAP = Latency.ms(0.06, 0.6);
  /** What an HTTP client logs of the trace context it sends; {@link #REQUEST_ID_NOTE} where there is none. */
  static final String TRACEPARENT_NOTE = "Propagating traceparent header";
  static final String REQUEST_ID_NOTE = "Propagating X-Request-ID header";
  private static final List<NoteTemplate> HTTP_CLIENT_NOTES = List.of(
      NoteTemplate.debug(TRACEPARENT_NOTE),
      NoteTemplate.debug("Reusing pooled connection (keep-alive)"),
      NoteTemplate.debug("Request body serialized as application/json"));

  private final TraceSimulation trace;
  private final SimulatedSpan span;
  private final String thread;
  private long now;
  private String failure;

  SpanWork(TraceSimulation trace, SimulatedSpan span, String thread, long startUs) {
    this.trace = trace;
    this.span = span;
    this.thread = thread;
    this.now = startUs;
  }

  long now() {
    return now;
  }

  boolean failed() {
    return failure != null;
  }

  /** What made this span fail, or null. */
  String failure() {
    return failure;
  }

  RequestFacts facts() {
    return trace.facts();
  }

  SplittableRandom random() {
    return trace.random();
  }

  /**
   * Spends the span's own processing time around {@code behavior}, part before and the rest after,
   * and may fail on its own (then, half the time, before the behavior runs at all).
   *
   * @return the span's own failure, or null (it may still have failed because of something it called)
   */
  Failure perform(Latency selfTime, List<Failure> failures, SpanBehavior behavior) {
    SplittableRandom random = trace.random();
    long self = selfTime.sampleUs(random);
    long before = Math.max(1, self * (20 + random.nextInt(61)) / 100);
    now += before;
    Failure own = Failure.draw(failures, random);
    if (behavior != null && (own == null || random.nextBoolean())) {
      behavior.perform(this);
    }
    now += Math.max(1, self - before);
    if (own != null && failure == null) {
      failure = own.description();
      return own;
    }
    return null;
  }

  /** Logs an ordinary line of this span now. */
  void note(Level level, String message) {
    trace.note(span, now, level, message);
  }

  /** Logs a line of this span now, whatever lines it has already: one the situation calls for. */
  void requiredNote(Level level, String message) {
    trace.requiredNote(span, now, level, message);
  }

  /** Calls {@code target} over HTTP at {@code path}; false (and this span failed) when it failed. */
  boolean call(Endpoint target, String path) {
    return !failed() && settle(attemptCall(target, path));
  }

  /** Calls {@code target}, again after a growing backoff while it fails in a way worth retrying. */
  boolean callWithRetries(Endpoint target, String path, int maxAttempts, long backoffUs) {
    return retry(maxAttempts, backoffUs, target.service() + " " + target.name(), () -> attemptCall(target, path));
  }

  /** Log entries of the whole trace so far: two per span and its ordinary lines. */
  long events() {
    return trace.events();
  }

  /**
   * Calls {@code target} like {@link #call}, but a failure is logged as a warning and does not fail
   * this span: for loops that skip what they cannot get. False when the call failed.
   */
  boolean callTolerating(Endpoint target, String path) {
    if (failed()) {
      return false;
    }
    SimulatedSpan client = attemptCall(target, path);
    if (client.error()) {
      trace.note(span, now, Level.WARN, "Skipping " + path + " after: " + client.failure);
      return false;
    }
    return true;
  }

  /** Runs {@code operation} like {@link #query(StoreOperation, String)}; a failure only logs a warning. */
  boolean queryTolerating(StoreOperation operation, String key) {
    if (failed()) {
      return false;
    }
    SimulatedSpan client = attemptQuery(operation, key);
    if (client.error()) {
      trace.note(span, now, Level.WARN, "Skipping " + operation.statement().render(key) + " after: "
          + client.failure);
      return false;
    }
    return true;
  }

  /** Runs {@code operation} against its peer with {@code key} in its statement (ignored when it has none). */
  boolean query(StoreOperation operation, String key) {
    return !failed() && settle(attemptQuery(operation, key));
  }

  boolean query(StoreOperation operation) {
    return query(operation, null);
  }

  boolean queryWithRetries(StoreOperation operation, int maxAttempts, long backoffUs) {
    return retry(maxAttempts, backoffUs, operation.peer() + " " + operation.name(),
        () -> attemptQuery(operation, null));
  }

  /** Reads through a cache: on a miss, loads from the database and fills the cache. */
  boolean cacheAside(StoreOperation get, StoreOperation load, StoreOperation put, String key, double missRate) {
    if (!query(get, key)) {
      return false;
    }
    if (trace.random().nextDouble() >= missRate) {
      return true;
    }
    note(Level.DEBUG, "Cache miss for " + get.statement().render(key) + ", loading from " + load.peer());
    return query(load, key) && query(put, key);
  }

  /** Does {@code operation} in process as an INTERNAL child span, with {@code body} (may be null) inside. */
  boolean internal(InternalOperation operation, SpanBehavior body) {
    if (failed()) {
      return false;
    }
    now += STEP_GAP.sampleUs(trace.random());
    SimulatedSpan child = trace.open(SpanKind.INTERNAL, span.host, operation.name(), span, null,
        operation.logger(), thread, now, "Running " + operation.name());
    SpanWork inner = new SpanWork(trace, child, thread, now);
    Failure own = inner.perform(operation.selfTime(), operation.failures(), body);
    trace.close(child, inner.now, inner.failure, own != null && own.retryable(), 0, operation.notes());
    now = inner.now;
    return settle(child);
  }

  /**
   * Publishes {@code eventType} to {@code topic} as a PRODUCER span; each listener then consumes it after
   * the broker's delivery delay, often after this request has answered. A listener's failure stays
   * with the listener: the producer has long finished.
   */
  boolean publish(Topic topic, String eventType) {
    if (failed()) {
      return false;
    }
    SplittableRandom random = trace.random();
    now += STEP_GAP.sampleUs(random);
    SimulatedSpan producer = trace.open(SpanKind.PRODUCER, span.host, topic.publishSpanName(), span,
        topic.broker(), topic.publisherLogger(), thread, now, "Publishing " + eventType + " to " + topic.name());
    long end = now + topic.publishTime().sampleUs(random);
    Failure failed = topic.publishFailure() != null && random.nextDouble() < topic.publishFailure().probability()
        ? topic.publishFailure() : null;
    trace.close(producer, end, failed == null ? null : failed.description(), failed != null && failed.retryable(),
        0, topic.publishNotes());
    now = end;
    if (failed != null) {
      return settle(producer);
    }
    String consumeMessage = "Consuming " + eventType + " from " + topic.name();
    for (Endpoint listener : topic.listeners()) {
      trace.serveMessage(listener, consumeMessage, producer, end + topic.deliveryDelay().sampleUs(random));
    }
    return true;
  }

  /**
   * Runs the branches at the same time on pool threads, each from about now; this span goes on when the
   * last one is done, and has failed if any of them failed.
   */
  void parallel(List<SpanBehavior> branches) {
    if (failed()) {
      return;
    }
    SplittableRandom random = trace.random();
    int firstThread = random.nextInt(ThreadPool.TASKS.size());
    long start = now;
    long end = now;
    String firstFailure = null;
    for (int i = 0; i < branches.size(); i++) {
      SpanWork branch = new SpanWork(trace, span, ThreadPool.TASKS.after(firstThread, i),
          start + STEP_GAP.sampleUs(random));
      branches.get(i).perform(branch);
      end = Math.max(end, branch.now);
      if (firstFailure == null) {
        firstFailure = branch.failure;
      }
    }
    now = end;
    if (firstFailure != null) {
      failure = firstFailure;
    }
  }

  void parallel(SpanBehavior first, SpanBehavior second) {
    parallel(List.of(first, second));
  }

  private SimulatedSpan attemptCall(Endpoint target, String path) {
    SplittableRandom random = trace.random();
    now += STEP_GAP.sampleUs(random);
    String calling = "Calling " + target.service() + " " + target.method() + " " + path;
    SimulatedSpan client = trace.open(SpanKind.CLIENT, span.host, target.name(), span, target.service(),
        clientLogger(span.service(), target.service()), thread, now, calling);
    if (trace.noKinds()) {
      // under an agent the client span lives inside the HTTP library, which logs nothing; the caller's
      // own line before the call carries the caller's span id
      client.unlogged = true;
      trace.requiredNote(span, now, Level.DEBUG, calling);
    }
    long serverStart = now + TraceSimulation.NETWORK_HOP.sampleUs(random);
    SimulatedSpan server = trace.serveRequest(target, path, client, serverStart);
    long end = server.endUs + TraceSimulation.NETWORK_HOP.sampleUs(random);
    String clientFailure = server.error()
        ? "HttpServerErrorException: " + server.statusCode + " " + reasonPhrase(server.statusCode) + " from "
            + target.service() + " " + target.name()
        : null;
    trace.close(client, end, clientFailure, server.retryable, server.statusCode, HTTP_CLIENT_NOTES);
    now = end;
    return client;
  }

  private SimulatedSpan attemptQuery(StoreOperation operation, String key) {
    SplittableRandom random = trace.random();
    now += STEP_GAP.sampleUs(random);
    SimulatedSpan client = trace.open(SpanKind.CLIENT, span.host, operation.name(), span, operation.peer(),
        operation.logger(), thread, now, "Executing " + operation.statement().render(key));
    long end = now + operation.latency().sampleUs(random);
    Failure failed = operation.failure() != null && random.nextDouble() < operation.failure().probability()
        ? operation.failure() : null;
    trace.close(client, end, failed == null ? null : failed.description(), failed != null && failed.retryable(),
        0, operation.notes());
    now = end;
    return client;
  }

  private boolean retry(int maxAttempts, long backoffUs, String what, Supplier<SimulatedSpan> attempt) {
    if (failed()) {
      return false;
    }
    for (int attemptNumber = 1; ; attemptNumber++) {
      SimulatedSpan client = attempt.get();
      if (!client.error()) {
        return true;
      }
      if (attemptNumber == maxAttempts || !client.retryable) {
        return settle(client);
      }
      long backoff = backoffUs * attemptNumber + trace.random().nextLong(backoffUs / 4 + 1);
      trace.note(span, now + backoff / 2, Level.WARN,
          "Retrying " + what + " (attempt " + (attemptNumber + 1) + " of " + maxAttempts + ") after: "
              + client.failure);
      now += backoff;
    }
  }

  /** Passes a child's failure up to this span. */
  private boolean settle(SimulatedSpan child) {
    if (child.error()) {
      if (failure == null) {
        failure = child.failure;
      }
      return false;
    }
    return true;
  }

  private static String clientLogger(String caller, String callee) {
    return "com.shop." + caller + ".client." + Character.toUpperCase(callee.charAt(0)) + callee.substring(1)
        + "Client";
  }

  private static String reasonPhrase(int status) {
    switch (status) {
      case 500:
        return "Internal Server Error";
      case 502:
        return "Bad Gateway";
      case 503:
        return "Service Unavailable";
      case 504:
        return "Gateway Timeout";
      default:
        return "Error";
    }
  }
}
