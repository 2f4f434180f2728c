package io.tracelake.simulator;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;

/**
 * What makes a generated day harder to rebuild than one where every line says where it belongs:
 * fewer ids on the lines, services that log nothing or only an access log, lines shipped twice, worse
 * clocks, traces across midnight and one huge trace; and the habits of real services that break a
 * rebuild's assumptions: no span kinds, lines that do not enclose a span's children, work that goes on
 * after the response, the same line logged twice. {@link #DEFAULT} changes nothing: the logs and the
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
 * @param noKinds lines carry a trace and span id (as an agent's MDC) but no kind, markers or parent id;
 *     CLIENT spans to other services log nothing (their caller logs the "Calling" line), and handlers run
 *     inside nested INTERNAL spans (controller, service layer); {@code ids} is then {@link IdMode#SPAN}
 * @param nonEnclosing the share of spans with children whose lines do not enclose them, in [0, 1]
 * @param afterResponse the share of requests answered 202 whose work goes on later in the worker
 *     service, which logs only the request id, in [0, 1]
 * @param repeats the share of ordinary lines logged a second time at the same instant, in [0, 1]: two
 *     real events, not a duplicate
 */
public record Scenario(IdMode ids, Set<String> silent, Set<String> accessLogOnly, double duplicates,
    long maxSkewMs, int acrossMidnight, int giantTraceEvents, boolean noKinds, double nonEnclosing,
    double afterResponse, double repeats) {

  /** Today's clocks: no host further than 25 ms from true time. */
  public static final long DEFAULT_MAX_SKEW_MS = Fleet.MAX_CLOCK_SKEW_US / 1000;
  static final long MAX_MAX_SKEW_MS = 60_000;
  static final int MAX_ACROSS_MIDNIGHT = 10_000;
  static final int MIN_GIANT_TRACE_EVENTS = 100;
  static final int MAX_GIANT_TRACE_EVENTS = 10_000_000;

  public static final Scenario DEFAULT =
      new Scenario(IdMode.FULL, Set.of(), Set.of(), 0, DEFAULT_MAX_SKEW_MS, 0, 0, false, 0, 0, 0);

  public Scenario {
    if (ids == null) {
      throw new IllegalArgumentException("Invalid id mode: null; use one of full, span, request");
    }
    if (noKinds) {
      if (ids == IdMode.REQUEST) {
        throw new IllegalArgumentException(
            "Invalid id mode: request with --no-kinds; kindless lines carry trace and span ids, drop --ids request");
      }
      // what an agent's MDC holds: the ids of the current span, nothing about its kind or parent
      ids = IdMode.SPAN;
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
    share("--non-enclosing", "spans that do not enclose their children", nonEnclosing, "0.2");
    share("--after-response", "requests whose work goes on after the response", afterResponse, "0.05");
    share("--repeats", "lines logged twice", repeats, "0.01");
    if (giantTraceEvents != 0
        && (giantTraceEvents < MIN_GIANT_TRACE_EVENTS || giantTraceEvents > MAX_GIANT_TRACE_EVENTS)) {
      throw new IllegalArgumentException("Invalid size of the giant trace: " + giantTraceEvents
          + " events; it must be between " + MIN_GIANT_TRACE_EVENTS + " and " + MAX_GIANT_TRACE_EVENTS);
    }
  }

  /** Every option before the habits of real services; those stay off. */
  public Scenario(IdMode ids, Set<String> silent, Set<String> accessLogOnly, double duplicates, long maxSkewMs,
      int acrossMidnight, int giantTraceEvents) {
    this(ids, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents, false, 0, 0, 0);
  }

  public Scenario withIds(IdMode mode) {
    return new Scenario(mode, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents,
        noKinds, nonEnclosing, afterResponse, repeats);
  }

  public Scenario withSilent(Set<String> services) {
    return new Scenario(ids, services, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents,
        noKinds, nonEnclosing, afterResponse, repeats);
  }

  public Scenario withAccessLogOnly(Set<String> services) {
    return new Scenario(ids, silent, services, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents,
        noKinds, nonEnclosing, afterResponse, repeats);
  }

  public Scenario withDuplicates(double share) {
    return new Scenario(ids, silent, accessLogOnly, share, maxSkewMs, acrossMidnight, giantTraceEvents,
        noKinds, nonEnclosing, afterResponse, repeats);
  }

  public Scenario withMaxSkewMs(long ms) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, ms, acrossMidnight, giantTraceEvents,
        noKinds, nonEnclosing, afterResponse, repeats);
  }

  public Scenario withAcrossMidnight(int requests) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, maxSkewMs, requests, giantTraceEvents,
        noKinds, nonEnclosing, afterResponse, repeats);
  }

  public Scenario withGiantTrace(int events) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, events,
        noKinds, nonEnclosing, afterResponse, repeats);
  }

  /** Lines without kinds or parent ids, silent CLIENT spans between services, nested INTERNAL spans. */
  public Scenario withNoKinds(boolean on) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents,
        on, nonEnclosing, afterResponse, repeats);
  }

  public Scenario withNonEnclosing(double share) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents,
        noKinds, share, afterResponse, repeats);
  }

  public Scenario withAfterResponse(double share) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents,
        noKinds, nonEnclosing, share, repeats);
  }

  public Scenario withRepeats(double share) {
    return new Scenario(ids, silent, accessLogOnly, duplicates, maxSkewMs, acrossMidnight, giantTraceEvents,
        noKinds, nonEnclosing, afterResponse, share);
  }

  /** True when any habit of real services is on: the truth and summary then record them. */
  boolean habits() {
    return noKinds || nonEnclosing > 0 || afterResponse > 0 || repeats > 0;
  }

  /** Which ids the lines of {@code service} carry: the worker of work after the response has only the request id. */
  IdMode idsOf(String service) {
    return ShopTopology.WORKER.equals(service) ? IdMode.REQUEST : ids;
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

  private static void share(String option, String what, double share, String example) {
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException("Invalid " + option + " " + share + ": the share of " + what
          + " must be between 0 and 1, e.g. " + example);
    }
  }

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
