package io.tracelake.simulator;

import java.time.ZoneOffset;

/**
 * One instance of a service, as a host: its clock runs {@code clockSkewUs} ahead of true time (behind
 * when negative) and it renders log timestamps at {@code zone}.
 *
 * @param index position in {@link Fleet#hosts()}, to find its log file without a map lookup
 */
record Host(int index, String service, String instance, long clockSkewUs, ZoneOffset zone) {}
