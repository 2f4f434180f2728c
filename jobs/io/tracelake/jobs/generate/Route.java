package io.tracelake.jobs.generate;

import java.util.function.Function;

/** A kind of request users send to the gateway, how often relative to the others, and its path value. */
record Route(int weight, Endpoint endpoint, Function<RequestFacts, String> pathValue) {}
