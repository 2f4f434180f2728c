package io.tracelake.jobs.generate;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What makes a generated day harder to reconstruct than one where every line says where it belongs:
 * fewer ids on the lines, services that log nothing or only an access log, lines shipped twice, worse
 * clocks, traces across midnight and one huge trace. {@link #DEFAULT} changes nothing: the logs and the
 * config are then byte for byte those of the generator before scenarios existed.
 *
 * @param ids which ids the application log lines carry
 * @param silent services that write no log at all; their spans still happen and are in the truth
 * @param accessLogOnly services that write only an access log (their own format's, else nginx's)
 * @param duplicates the share of application log entries shipped twice, in [0, 1]
 * @param maxSkewMs no host's clock is further than this from true time, in [0, 60000] milliseconds
 * @param acrossMidnight requests that start in the last instants of the day and end in the next, and
 *     as many that start in the last instants of the day before and end in this one
 * @param giantTraceEvents log entries of one extra, huge request; 0 for none
 */
public record Scenario(IdMode ids, Set<String> silent, Set<String> accessLogOnly, double duplicates,
    long maxSkewMs, int acrossMidnight, int giantTraceEvents) {

  /** Today's clocks: no host further than 25 ms from true time. */
  public static final long DEFAULT_MAX_SKEW_MS = Fleet.MAX_CLOCK_SKEW_US / 1000;
  static final long MAX_MAX_SKEW_MS = 60_000;
  static final int MAX_ACROSS_MIDNIGHT = 10_000;
  static final int MIN_GIANT_TRACE_EVENTS = 100;
  static final int MAX_GIANT_TRACE_EVENTS = 10_000_000;

  public static final Scenario DEFAULT =
      new Scenario(IdMode.FULL, Set.of(), Set.of(), 0, DEFAULT_MAX_SKEW_MS, 0, 0);

  public Scenario {
    if (ids == null) {
      throw new IllegalArgumentException("Invalid id mode: null; use one of full, span, request");
    }
    silent = services("--silent", silent);
    accessLogOnly = services("--access-log-only", accessLogOnly);
    for (String service : silent) {
      if (accessLogOnly.contains(service)) {
        throw new IllegalArgumentException("Invalid service '" + service
            + "': it cannot be both silent and access-log-only");
      }
    }
    if (!(duplicates >= 0 && duplicates <= 1)) {
      throw new IllegalArgumentException("Invalid share of duplicates: " + duplicates
          + "; it must be between 0 and 1, e.g. 0.01");
    }
    if (maxSkewMs < 0 || maxSkewMs > MAX_MAX_SKEW_MS) {
      throw new IllegalArgumentException("Invalid clock skew: " + maxSkewMs + " ms; it must be between 0 and "
          + MAX_MAX_SKEW_MS + " ms");
    }
    if (acrossMidnight < 0 || acrossMidnight > MAX_ACROSS_MIDNIGHT) {
      throw new IllegalArgumentException("Invalid number of requests across midnight: " + acrossMidnight
          + "; it must be between 0 and " + MAX_ACROSS_MIDNIGHT);
    }
    if (giantTraceEvents != 0
        && (giantTraceEvents < MIN_GIANT_TRACE_EVENTS || giantTraceEvents > MAX_GIANT_TRACE_EVENTS)) {
      throw new IllegalArgumentException("Invalid size of the giant trace: " + giantTraceEvents
          + " events; it must be between " + MIN_GIANT_TRACE_EVENTS + " and " + MAX_GIANT_TRACE_EVENTS);
    }
  }

  public Scenario withIds(IdMode mode) {
    return new Scenario(mode, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents);
  }

  public Scenario withSilent(Set<String> services) {
    return new Scenario(ids, services, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents);
  }

  public Scenario withAccessLogOnly(Set<String> services) {
    return new Scenario(ids, silent, services, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents);
  }

  public Scenario withDuplicates(double share) {
    return new Scenario(ids, silent, accessLogOnly, share, maxSkewMs, acrossMidnight, giantTraceEvents);
  }

  public Scenario withMaxSkewMs(long ms) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, ms, acrossMidnight, giantTraceEvents);
  }

  public Scenario withAcrossMidnight(int requests) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, maxSkewMs, requests, giantTraceEvents);
  }

  public Scenario withGiantTrace(int events) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, events);
  }

  /** What {@code service} writes of its logs. */
  Logging loggingOf(String service) {
    if (silent.contains(service)) {
      return Logging.NONE;
    }
    return accessLogOnly.contains(service) ? Logging.ACCESS_ONLY : Logging.ALL;
  }

  long maxSkewUs() {
    return maxSkewMs * 1000;
  }

  /** Which of its logs a service writes. */
  enum Logging { ALL, ACCESS_ONLY, NONE }

  private static Set<String> services(String option, Set<String> services) {
    if (services == null) {
      throw new IllegalArgumentException("Invalid " + option + " services: null; give an empty set for none");
    }
    for (String service : services) {
      if (service == null || !ShopTopology.SERVICES.contains(service)) {
        throw new IllegalArgumentException("Invalid " + option + " service: "
            + ServiceFormat.unknownService(service).getMessage());
      }
    }
    return Collections.unmodifiableSet(new TreeSet<>(services));
  }
}
