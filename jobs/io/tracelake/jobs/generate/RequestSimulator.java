package io.tracelake.jobs.generate;

import java.time.LocalDate;
import java.util.SplittableRandom;

/** Turns the n-th request of a day into its trace; each request draws from its own random stream. */
final class RequestSimulator {
  private final ShopTopology topology;
  private final Fleet fleet;
  private final long seed;
  private final LocalDate date;

  RequestSimulator(ShopTopology topology, Fleet fleet, long seed, LocalDate date) {
    this.topology = topology;
    this.fleet = fleet;
    this.seed = seed;
    this.date = date;
  }

  SimulatedTrace simulate(long requestIndex, long arrivalUs) {
    return simulate(requestIndex, arrivalUs, null);
  }

  /**
   * The trace of the request, which arrives at {@code arrivalUs} and takes {@code route} (null: one users
   * pick). Its spans' durations depend on the index alone: the same request arriving later is the same
   * trace shifted in time.
   */
  SimulatedTrace simulate(long requestIndex, long arrivalUs, Route forced) {
    SplittableRandom random = RandomStreams.forRequest(seed, date, requestIndex);
    String traceId = HexIds.traceId(random);
    RequestFacts facts = RequestFacts.draw(random);
    Route picked = topology.pickRoute(random);
    Route route = forced != null ? forced : picked;
    TraceSimulation trace = new TraceSimulation(fleet, random, traceId, facts);
    Endpoint root = route.endpoint();
    String path = root.path(route.pathValue().apply(facts));
    trace.serveRequest(root, path, null, arrivalUs);
    return trace.finish();
  }
}
