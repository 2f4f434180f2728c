/**
 * A deterministic simulator of one day of a microservice shop, writing the log lines its services
 * would have written and the spans that really happened ({@code truth/spans.jsonl}), to test and score
 * the rebuild of traces. It sits in the {@code simulator/} source root with the accuracy scorer
 * ({@code io.tracelake.simulator.accuracy}) and their commands ({@code io.tracelake.simulator.cli}): test
 * equipment, which the engine never imports (ArchitectureTest).
 *
 * <p>{@link io.tracelake.simulator.LogSimulator} is the entry point. The shop is described in
 * {@code ShopTopology}; one request becomes one trace in {@code RequestSimulator}, {@code TraceSimulation}
 * and {@code SpanWork}; {@code InstanceLogs} and {@code TruthWriter} write the files. Each service writes
 * its {@link io.tracelake.simulator.ServiceFormat}: an {@code EntryEncoder} renders its entries as
 * a logging library would, a {@code LogOutput} wraps them in a container runtime's envelope, and an
 * {@code AccessLogEncoder} writes its access log. A {@link io.tracelake.simulator.Scenario} takes
 * evidence away (ids, whole services' logs), adds noise (duplicates, clock skew) and hard cases (traces
 * across midnight, one giant trace); {@code DayFiles} puts each line in the directory of its day and
 * {@code SummaryFile} records what was done. Plain Java, no Spark.
 *
 * <p>A scenario can also give the day the habits of real services that break a rebuild's assumptions.
 * With {@code noKinds} (see {@code TraceSimulation} and {@code SpanWork}) lines carry span ids but no kind
 * or parent, CLIENT spans between services log nothing while their caller logs the call, and handlers run
 * in nested INTERNAL spans; with {@code afterResponse} the service behind the gateway answers 202 and the
 * {@code worker} service does its work later, logging only the request id. {@code LoggingHabits} then lays
 * the rest over the finished trace from a random stream of its own: spans whose lines do not enclose their
 * children ({@code LineShape}) and ordinary lines logged twice at the same instant. {@code TruthWriter}
 * records each span's ids, line shape and repeated lines, and {@code SummaryFile} the counts.
 */
package io.tracelake.simulator;
