/**
 * The accuracy scorer: a day's rebuilt spans, read from the warehouse, against the spans the simulator (or a
 * test-bed day's agents) says really happened, beside a naive baseline relinking the same spans; behind
 * {@code tracelake accuracy} and the accuracy tests.
 */
package io.tracelake.simulator.accuracy;
