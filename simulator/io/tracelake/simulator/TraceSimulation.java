package io.tracelake.simulator;

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
  /** How long a handler takes to put a job on the worker's queue and answer 202. */
  private static final Latency ACCEPT_TIME = Latency.ms(0.8, 0.4);
  /** How long a job waits in the worker's queue: usually a fraction of a second, now and then seconds. */
  private static final Latency QUEUE_DELAY = Latency.ms(250, 1.0);
  private static final Latency HANDLER_TIME = Latency.ms(0.15, 0.5);
  private static final Latency SERVICE_LAYER_TIME = Latency.ms(0.3, 0.5);
  private static final String WORKER_LOGGER = "com.shop.worker.JobRunner";
  private static final Comparator<SimulatedSpan> BY_START =
      Comparator.comparingLong((SimulatedSpan s) -> s.startUs).thenComparingInt(s -> s.order);

  private final Fleet fleet;
  private final SplittableRandom random;
  private final String traceId;
  private final RequestFacts facts;
  private final boolean noKinds;
  /** The endpoint that answers 202 and leaves its work to the worker, until it has; null for none. */
  private Endpoint deferred;
  /** True once a handler answered 202: the root then answers 202 too. */
  private boolean accepted;
  private final List<SimulatedSpan> spans = new ArrayList<>(64);
  /** Start and end entries of the spans opened so far, and the ordinary lines they kept. */
  private long events;

  TraceSimulation(Fleet fleet, SplittableRandom random, String traceId, RequestFacts facts) {
    this(fleet, random, traceId, facts, false, null);
  }

  /**
   * @param noKinds whether services run under an agent that logs no kinds: handlers then work inside nested
   *     INTERNAL spans and CLIENT spans to other services log nothing themselves
   * @param deferred the endpoint that answers 202 and leaves its work to the worker; null for none
   */
  TraceSimulation(Fleet fleet, SplittableRandom random, String traceId, RequestFacts facts, boolean noKinds,
      Endpoint deferred) {
    this.fleet = fleet;
    this.random = random;
    this.traceId = traceId;
    this.facts = facts;
    this.noKinds = noKinds;
    this.deferred = deferred;
  }

  /** True when CLIENT spans to other services log nothing and their caller logs the call instead. */
  boolean noKinds() {
    return noKinds;
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

  /** A line {@code span} logs whatever lines it has already, at {@code timeUs}, strictly inside it. */
  void requiredNote(SimulatedSpan span, long timeUs, Level level, String message) {
    span.addRequiredNote(new SpanNote(timeUs, level, message));
    events++;
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
    if (endpoint == deferred) {
      deferred = null;
      return accept(endpoint, span, thread, startUs);
    }
    SpanWork work = new SpanWork(this, span, thread, startUs);
    Failure own = work.perform(endpoint.selfTime(), endpoint.failures(), behaviorOf(endpoint, false));
    int status;
    if (own != null) {
      status = own.status();
    } else if (work.failed()) {
      status = endpoint.upstreamFailureStatus();
    } else {
      status = parent == null && accepted ? 202 : endpoint.okStatus();
    }
    close(span, work.now(), work.failure(), own != null && own.retryable(), status, endpoint.notes());
    return span;
  }

  /**
   * Answers the request with 202 after putting a job on the worker's queue; a worker instance takes it
   * later and does what the endpoint would have done. Nothing but the request id travels with the job,
   * yet the job's span is a child of this handling: it is the work this handling started.
   */
  private SimulatedSpan accept(Endpoint endpoint, SimulatedSpan span, String thread, long startUs) {
    String job = jobName(endpoint);
    SpanWork work = new SpanWork(this, span, thread, startUs);
    work.perform(ACCEPT_TIME, List.of(), w -> w.requiredNote(Level.INFO,
        "Enqueued " + job + " to " + ShopTopology.WORKER_QUEUE + ", answering 202 Accepted"));
    close(span, work.now(), null, false, 202, endpoint.notes());
    accepted = true;

    Host worker = fleet.pick(ShopTopology.WORKER, random);
    String workerThread = ThreadPool.WORKERS.pick(random);
    long jobStart = span.endUs + QUEUE_DELAY.sampleUs(random);
    SimulatedSpan jobSpan = open(SpanKind.CONSUMER, worker, "process " + ShopTopology.WORKER_QUEUE, span, null,
        WORKER_LOGGER, workerThread, jobStart, "Consuming " + job + " from " + ShopTopology.WORKER_QUEUE);
    SpanWork jobWork = new SpanWork(this, jobSpan, workerThread, jobStart);
    Failure own = jobWork.perform(endpoint.selfTime(), endpoint.failures(), behaviorOf(endpoint, true));
    // the user was answered long ago: a failure stays with the job
    close(jobSpan, jobWork.now(), jobWork.failure(), own != null && own.retryable(), 0, endpoint.notes());
    return span;
  }

  /**
   * What a handler does: the endpoint's behavior, inside nested INTERNAL spans under an agent (the
   * controller or listener method, and half the time a service-layer method in it), as the agent's
   * instrumentation of Spring and {@code @WithSpan} methods make them; in the worker, a job runs the
   * service-layer method alone. The gateway's routes are not wrapped: they are filters, not methods.
   */
  private SpanBehavior behaviorOf(Endpoint endpoint, boolean inWorker) {
    SpanBehavior behavior = endpoint.behavior();
    if (!noKinds || behavior == null || endpoint.service().equals(ShopTopology.GATEWAY)) {
      return behavior;
    }
    String className = endpoint.logger().substring(endpoint.logger().lastIndexOf('.') + 1);
    String method = methodName(endpoint);
    String base = endpoint.logger().substring(0, endpoint.logger().lastIndexOf('.'));
    base = base.substring(0, base.lastIndexOf('.'));
    InternalOperation handler = new InternalOperation(className + "." + method, endpoint.logger(), HANDLER_TIME,
        List.of(), List.of());
    String serviceClass = className.replace("Controller", "").replace("Listener", "") + "Service";
    InternalOperation serviceLayer = new InternalOperation(serviceClass + "." + method,
        base + ".service." + serviceClass, SERVICE_LAYER_TIME, List.of(), List.of());
    if (inWorker) {
      return w -> w.internal(serviceLayer, behavior);
    }
    return w -> w.internal(handler, h -> {
      if (h.random().nextBoolean()) {
        h.internal(serviceLayer, behavior);
      } else {
        behavior.perform(h);
      }
    });
  }

  /** A handler's method name: {@code getProducts} for GET /products/{id}, {@code onMessage} for a listener. */
  private static String methodName(Endpoint endpoint) {
    if (endpoint.method() == null) {
      return "onMessage";
    }
    String path = endpoint.pathTemplate().text();
    String first = path.length() > 1 ? path.substring(1).split("[/?{]")[0] : "root";
    return endpoint.method().toLowerCase(java.util.Locale.ROOT) + Character.toUpperCase(first.charAt(0))
        + first.substring(1);
  }

  /** The job a deferred endpoint leaves to the worker, e.g. {@code CheckoutJob} for the checkout controller. */
  private static String jobName(Endpoint endpoint) {
    String className = endpoint.logger().substring(endpoint.logger().lastIndexOf('.') + 1);
    return className.replace("Controller", "") + "Job";
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
