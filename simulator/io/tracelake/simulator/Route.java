package io.tracelake.simulator;

import java.util.function.Function;

/**
 * A kind of request users send to the gateway, how often relative to the others, and its path value.
 *
 * @param backend the service endpoint the gateway forwards it to: the one that answers 202 when its work
 *     goes on after the response
 */
record Route(int weight, Endpoint endpoint, Function<RequestFacts, String> pathValue, Endpoint backend) {}
