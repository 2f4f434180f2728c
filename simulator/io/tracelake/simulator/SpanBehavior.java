package io.tracelake.simulator;

/** What a span does between its start and end: the calls, queries and messages it makes. */
@FunctionalInterface
interface SpanBehavior {
  void perform(SpanWork work);
}
