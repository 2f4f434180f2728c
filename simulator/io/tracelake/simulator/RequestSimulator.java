package io.tracelake.simulator;

import java.time.LocalDate;
import java.util.SplittableRandom;

/** Turns the n-th request of a day into its trace; each request draws from its own random stream. */
final class RequestSimulator {
  private final ShopTopology topology;
  private final Fleet fleet;
  private final long seed;
  private final LocalDate date;
  private final Scenario scenario;

  RequestSimulator(ShopTopology topology, Fleet fleet, long seed, LocalDate date, Scenario scenario) {
    this.topology = topology;
    this.fleet = fleet;
    this.seed = seed;
    this.date = date;
    this.scenario = scenario;
  }

  SimulatedTrace simulate(long requestIndex, long arrivalUs) {
    return simulate(requestIndex, arrivalUs, null);
  }

  /**
   * The trace of the request, which arrives at {@code arrivalUs} and takes {@code route} (null: one users
   * pick). Its spans' durations depend on the index alone: the same request arriving later is the same
   * trace shifted in time. The habits of real services draw from a stream of their own, so a request that
   * none of them touches is the same trace as without them.
   */
  SimulatedTrace simulate(long requestIndex, long arrivalUs, Route forced) {
    SplittableRandom random = RandomStreams.forRequest(seed, date, requestIndex);
    String traceId = HexIds.traceId(random);
    RequestFacts facts = RequestFacts.draw(random);
    Route picked = topology.pickRoute(random);
    Route route = forced != null ? forced : picked;
    SplittableRandom habits = scenario.habits() ? RandomStreams.forHabits(seed, date, requestIndex) : null;
    boolean deferred = scenario.afterResponse() > 0 && habits.nextDouble() < scenario.afterResponse();
    TraceSimulation trace = new TraceSimulation(fleet, random, traceId, facts, scenario.noKinds(),
        deferred ? route.backend() : null);
    Endpoint root = route.endpoint();
    String path = root.path(route.pathValue().apply(facts));
    trace.serveRequest(root, path, null, arrivalUs);
    SimulatedTrace simulated = trace.finish();
    if (habits != null) {
      LoggingHabits.apply(simulated, scenario, habits);
    }
    return simulated;
  }
}
