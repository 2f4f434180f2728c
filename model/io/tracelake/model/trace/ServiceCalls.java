package io.tracelake.model.trace;

import io.tracelake.model.LogEvent;
import java.io.Serializable;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which services call which, as the day's lines say it one line at a time: a call line ("Calling payments POST
 * /charge"), a client-side access line naming another service as its authority, a span naming its peer service,
 * and a publish and a consume of the same topic by two services. Gathered while the day is parsed, before any
 * trace is rebuilt, it tells a rebuild what one trace's lines cannot: that a service is never called by another,
 * or never by this one. A link made by time alone then prefers a caller the day has seen.
 *
 * <p>Weaker, a service's lines that name another as a word ("ledger answered 503") are <em>mentions</em>: they
 * widen the callers a link may take ({@link #mayCall}) but do not say a service is called ("Consuming … from
 * orders.events" names orders).
 *
 * <p>Immutable; build one with {@link Collector}.
 */
public final class ServiceCalls implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ServiceCalls NONE = new ServiceCalls(Map.of(), Map.of(), Map.of(), Map.of());
  /**
   * More loggers than this logging one service's calls to another say nothing of which code makes them (a
   * logger per request, or every class logging calls): the pair's loggers are then forgotten.
   */
  static final int MAX_CALLING_LOGGERS = 32;
  /** More endpoints than this for one service say its paths were not made templates (ids without digits). */
  static final int MAX_ENDPOINTS = 512;

  /** Per callee, the other services seen calling it. */
  private final Map<String, Set<String>> callersByCallee;
  /** Per service, the other services whose lines name it. */
  private final Map<String, Set<String>> mentionersByService;
  /** Every service seen calling another. */
  private final Set<String> callers;
  /** Per caller, per callee, the loggers of the caller's call lines naming the callee. */
  private final Map<String, Map<String, Set<String>>> loggersByCall;
  /** Per callee, per endpoint ({@link #endpoint}), the services whose call lines named it. */
  private final Map<String, Map<String, Set<String>>> callersByEndpoint;

  private ServiceCalls(Map<String, Set<String>> callersByCallee, Map<String, Set<String>> mentionersByService,
      Map<String, Map<String, Set<String>>> loggersByCall, Map<String, Map<String, Set<String>>> callersByEndpoint) {
    this.callersByCallee = callersByCallee;
    this.mentionersByService = mentionersByService;
    this.loggersByCall = loggersByCall;
    this.callersByEndpoint = callersByEndpoint;
    Set<String> all = new HashSet<>();
    callersByCallee.values().forEach(all::addAll);
    this.callers = Set.copyOf(all);
  }

  /** Nothing seen: every question is answered "not known". */
  public static ServiceCalls none() {
    return NONE;
  }

  /** True when a line of the day says {@code caller} calls {@code callee} (another service). */
  public boolean calls(String caller, String callee) {
    Set<String> callers = callee == null ? null : callersByCallee.get(callee);
    return callers != null && callers.contains(caller);
  }

  /**
   * The loggers that wrote, somewhere in the day, {@code caller}'s lines saying it calls {@code callee} ("Calling
   * inventory GET /stock/7"), or null when the day knows none: the code of those classes makes such calls, so a
   * span of the caller whose lines one of them wrote is likelier the caller than its neighbours.
   */
  public Set<String> callingLoggers(String caller, String callee) {
    Map<String, Set<String>> byCallee = caller == null ? null : loggersByCall.get(caller);
    return byCallee == null || callee == null ? null : byCallee.get(callee);
  }

  /**
   * The services whose call lines named {@code callee}'s endpoint ({@code method} and {@code path}, its segments
   * holding a digit or a {@code {placeholder}} read as any: {@code GET /products/{id}/price} is {@code GET
   * /products/7/price}), or null when no call line named it. Two services calling catalog, the gateway for
   * {@code /products/{id}} and cart for its price, are then told apart.
   */
  public Set<String> callersOf(String callee, String method, String path) {
    Map<String, Set<String>> byEndpoint = callee == null ? null : callersByEndpoint.get(callee);
    String endpoint = byEndpoint == null ? null : endpoint(method, path);
    return endpoint == null ? null : byEndpoint.get(endpoint);
  }

  /** An endpoint as a key: the method, a space and the path as a template; null for a call naming neither. */
  static String endpoint(String method, String path) {
    if (method == null || path == null) {
      return null;
    }
    StringBuilder key = new StringBuilder(method.length() + path.length() + 2).append(method).append(' ');
    int start = 0;
    while (start <= path.length()) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      boolean any = end - start > 1 && path.charAt(start) == '{' && path.charAt(end - 1) == '}';
      for (int i = start; i < end && !any; i++) {
        any = Character.isDigit(path.charAt(i));
      }
      if (start > 0) {
        key.append('/');
      }
      key.append(any ? "{}" : path.substring(start, end));
      start = end + 1;
    }
    return key.toString();
  }

  /** True when a line of the day says {@code caller} calls {@code callee}, or names it. */
  public boolean mayCall(String caller, String callee) {
    if (calls(caller, callee)) {
      return true;
    }
    Set<String> mentioners = callee == null ? null : mentionersByService.get(callee);
    return mentioners != null && mentioners.contains(caller);
  }

  /** True when a line of the day says some other service calls {@code callee}, or names it. */
  public boolean knowsCallersOf(String callee) {
    return hasCallers(callee) || (callee != null && mentionersByService.containsKey(callee));
  }

  /** True when a line of the day says some other service calls {@code callee}. */
  public boolean hasCallers(String callee) {
    return callee != null && callersByCallee.containsKey(callee);
  }

  /**
   * True when the day's lines say {@code service} calls others and nothing calls it: an entry, such as a gateway,
   * whose spans begin a trace rather than hang under another service's.
   */
  public boolean isEntry(String service) {
    return service != null && !callersByCallee.containsKey(service) && callers.contains(service);
  }

  /** The calls, callee to its callers, sorted: for the run report and tests. */
  public Map<String, Set<String>> callersByCallee() {
    return sorted(callersByCallee);
  }

  /** The mentions, service to the services naming it, sorted: for the run report and tests. */
  public Map<String, Set<String>> mentionersByService() {
    return sorted(mentionersByService);
  }

  private static Map<String, Set<String>> sorted(Map<String, Set<String>> map) {
    Map<String, Set<String>> sorted = new TreeMap<>();
    map.forEach((key, values) -> sorted.put(key, new TreeSet<>(values)));
    return sorted;
  }

  @Override
  public String toString() {
    return "ServiceCalls" + callersByCallee() + " mentions " + mentionersByService();
  }

  /**
   * Reads the lines of one parse task; collectors of several tasks merge. Not thread-safe: one per task.
   * Publishers and consumers stay by topic until {@link #calls()} pairs them, so that a topic published in one
   * task and consumed in another still makes the call.
   */
  public static final class Collector implements Serializable {
    private static final long serialVersionUID = 1L;
    private final Map<String, Set<String>> callersByCallee = new HashMap<>();
    /** Per caller, per callee, the loggers of its call lines; a callee's set is null once there were too many. */
    private final Map<String, Map<String, Set<String>>> loggersByCall = new HashMap<>();
    /** Per callee, per {@link #endpoint}, the services calling it; a callee's map is null once it had too many. */
    private final Map<String, Map<String, Set<String>>> callersByEndpoint = new HashMap<>();
    private final Map<String, Set<String>> publishersByTopic = new HashMap<>();
    private final Map<String, Set<String>> consumersByTopic = new HashMap<>();
    /** Per service, a Bloom filter of the words without digits its lines hold: which services they name. */
    private final Map<String, long[]> wordsByService = new HashMap<>();
    private transient String lastService;
    private transient long[] lastWords;
    /** Only for reading lines in the task: a collector travels to the driver without it. */
    private final transient LineEvidence evidence;

    /** @param evidence the patterns the rebuild reads call, publish and consume lines with */
    public Collector(LineEvidence evidence) {
      this.evidence = evidence;
    }

    /** What {@code event}'s line says about its service calling another (nothing for most lines). */
    public void read(LogEvent event) {
      String service = event.service();
      if (service == null) {
        return;
      }
      // every service that logs is a name another's lines may hold, even one whose lines hold no message; a file
      // is mostly one service's, so the last filter is kept at hand
      if (!service.equals(lastService)) {
        lastService = service;
        lastWords = wordsByService.computeIfAbsent(service, s -> new long[WORD_BITS / 64]);
      }
      long[] words = lastWords;
      String message = event.message();
      if (message != null) {
        addWords(words, message);
      }
      String peer = event.attribute(SpanMarkers.PEER_SERVICE);
      if (peer != null) {
        call(service, peer);
      }
      if (HandlingSplitter.isAccessLog(event)) {
        call(service, TraceRebuilder.authorityService(event)); // a sidecar's or egress proxy's line
        return;
      }
      LineEvidence.Line line = evidence.readExchange(message);
      if (line == null) {
        return;
      }
      switch (line.kind()) {
        case CALL -> {
          call(service, line.service());
          callFrom(service, line.service(), event.logger());
          callEndpoint(service, line.service(), endpoint(line.method(), LineEvidence.stripQuery(line.path())));
        }
        case PUBLISH -> publishersByTopic.computeIfAbsent(line.topic(), t -> new HashSet<>()).add(service);
        case CONSUMER_START -> consumersByTopic.computeIfAbsent(line.topic(), t -> new HashSet<>()).add(service);
        default -> { }
      }
    }

    /** Records that {@code caller} calls {@code callee}; a service calling itself says nothing. */
    public void call(String caller, String callee) {
      if (caller != null && callee != null && !callee.isEmpty() && !caller.equals(callee)) {
        callersByCallee.computeIfAbsent(callee, c -> new HashSet<>()).add(caller);
      }
    }

    /** Records that {@code logger} logged a line of {@code caller}'s saying it calls {@code callee}. */
    void callFrom(String caller, String callee, String logger) {
      if (caller == null || callee == null || callee.isEmpty() || caller.equals(callee) || logger == null) {
        return;
      }
      Map<String, Set<String>> byCallee = loggersByCall.computeIfAbsent(caller, c -> new HashMap<>());
      if (byCallee.containsKey(callee) && byCallee.get(callee) == null) {
        return; // too many already
      }
      Set<String> loggers = byCallee.computeIfAbsent(callee, c -> new HashSet<>());
      if (loggers.add(logger) && loggers.size() > MAX_CALLING_LOGGERS) {
        byCallee.put(callee, null);
      }
    }

    /** Records that {@code caller} called {@code callee}'s {@code endpoint} (an {@link #endpoint} key). */
    void callEndpoint(String caller, String callee, String endpoint) {
      if (endpoint == null || caller == null || callee == null || caller.equals(callee)) {
        return;
      }
      if (callersByEndpoint.containsKey(callee) && callersByEndpoint.get(callee) == null) {
        return; // too many already
      }
      Map<String, Set<String>> byEndpoint = callersByEndpoint.computeIfAbsent(callee, c -> new HashMap<>());
      byEndpoint.computeIfAbsent(endpoint, e -> new HashSet<>()).add(caller);
      if (byEndpoint.size() > MAX_ENDPOINTS) {
        callersByEndpoint.put(callee, null);
      }
    }

    /** Adds what another task's collector read. */
    public void addAll(Collector other) {
      mergeInto(callersByCallee, other.callersByCallee);
      other.loggersByCall.forEach((caller, byCallee) -> byCallee.forEach((callee, loggers) -> {
        if (loggers == null) {
          loggersByCall.computeIfAbsent(caller, c -> new HashMap<>()).put(callee, null);
        } else {
          loggers.forEach(logger -> callFrom(caller, callee, logger));
        }
      }));
      other.callersByEndpoint.forEach((callee, byEndpoint) -> {
        if (byEndpoint == null) {
          callersByEndpoint.put(callee, null);
        } else {
          byEndpoint.forEach((endpoint, callers) -> callers.forEach(caller -> callEndpoint(caller, callee, endpoint)));
        }
      });
      mergeInto(publishersByTopic, other.publishersByTopic);
      mergeInto(consumersByTopic, other.consumersByTopic);
      other.wordsByService.forEach((service, words) -> {
        long[] into = wordsByService.computeIfAbsent(service, s -> new long[WORD_BITS / 64]);
        for (int i = 0; i < into.length; i++) {
          into[i] |= words[i];
        }
      });
    }

    private static void mergeInto(Map<String, Set<String>> into, Map<String, Set<String>> from) {
      from.forEach((key, values) -> into.computeIfAbsent(key, k -> new HashSet<>()).addAll(values));
    }

    /** The calls read so far, a topic's publishers calling its consumers. */
    public ServiceCalls calls() {
      Map<String, Set<String>> callers = new HashMap<>();
      mergeInto(callers, callersByCallee);
      consumersByTopic.forEach((topic, consumers) -> {
        for (String publisher : publishersByTopic.getOrDefault(topic, Set.of())) {
          for (String consumer : consumers) {
            if (!publisher.equals(consumer)) {
              callers.computeIfAbsent(consumer, c -> new HashSet<>()).add(publisher);
            }
          }
        }
      });
      // every service of the day that a name in another's lines can be: those that logged, called or were called
      Set<String> services = new HashSet<>(wordsByService.keySet());
      services.addAll(callers.keySet());
      callers.values().forEach(services::addAll);
      Map<String, Set<String>> mentioners = new HashMap<>();
      wordsByService.forEach((service, words) -> {
        for (String named : services) {
          if (!named.equals(service) && isWord(named) && mayHold(words, named)) {
            mentioners.computeIfAbsent(named, n -> new HashSet<>()).add(service);
          }
        }
      });
      if (callers.isEmpty() && mentioners.isEmpty()) {
        return NONE;
      }
      return new ServiceCalls(frozen(callers), frozen(mentioners), frozenNested(loggersByCall),
          frozenNested(callersByEndpoint));
    }

    /** An immutable copy without the entries that had too many values (null). */
    private static Map<String, Map<String, Set<String>>> frozenNested(Map<String, Map<String, Set<String>>> map) {
      Map<String, Map<String, Set<String>>> frozen = new HashMap<>();
      map.forEach((key, inner) -> {
        if (inner != null) {
          Map<String, Set<String>> kept = new HashMap<>();
          inner.forEach((innerKey, values) -> {
            if (values != null) {
              kept.put(innerKey, values);
            }
          });
          frozen.put(key, frozen(kept));
        }
      });
      return Map.copyOf(frozen);
    }

    private static Map<String, Set<String>> frozen(Map<String, Set<String>> map) {
      Map<String, Set<String>> frozen = new HashMap<>();
      map.forEach((key, values) -> frozen.put(key, Set.copyOf(values)));
      return Map.copyOf(frozen);
    }

    /**
     * 2^17 bits: a service's lines hold a few thousand words without digits (their templates' words), which leaves
     * a chance of about one in fifty thousand that a name it never wrote tests as written.
     */
    private static final int WORD_BITS = 1 << 17;

    /**
     * Adds each word of {@code message} (a run of the characters a mention's name is made of, as the rebuild reads
     * mentions) to {@code words}; words holding a digit (ids, counts) or a slash (paths) name no service and would
     * only fill the filter.
     */
    private static void addWords(long[] words, String message) {
      // a word at a time, in loops whose exits are the only branches that depend on the text (a branch per
      // character taken either way, at every word's end, cost a third of the time); a word with a digit or a slash
      // is passed over to its end without its hash
      int n = message.length();
      int i = 0;
      while (i < n) {
        char c = message.charAt(i);
        int kind = kind(c);
        if (kind == ENDS_WORD) {
          i++;
          continue;
        }
        int hash = 0; // String.hashCode's: a name's own hashCode finds it
        while (kind == IN_WORD) {
          hash = 31 * hash + c;
          if (++i == n) {
            break;
          }
          c = message.charAt(i);
          kind = kind(c);
        }
        if (kind == IN_NON_NAME) {
          while (++i < n && kind(message.charAt(i)) != ENDS_WORD) {
            // the rest of a word no name has
          }
        } else {
          setBits(words, hash);
        }
      }
    }

    private static int kind(char c) {
      return c < 128 ? ASCII_KINDS[c] : kindOf(c); // one load for most log text
    }

    /** How {@link #addWords} takes a character: it ends a word, is part of one, or is part of one no name has. */
    private static final byte ENDS_WORD = 0;
    private static final byte IN_WORD = 1;
    /** A digit or '/': the word is a number, an id or a path, not a service's name. */
    private static final byte IN_NON_NAME = 2;
    private static final byte[] ASCII_KINDS = new byte[128];

    static {
      for (char c = 0; c < 128; c++) {
        ASCII_KINDS[c] = kindOf(c);
      }
    }

    /** The kind of any character, by {@link ParentLinker#isNameChar} and {@link Character#isDigit}. */
    private static byte kindOf(char c) {
      if (!ParentLinker.isNameChar(c)) {
        return ENDS_WORD;
      }
      return c == '/' || Character.isDigit(c) ? IN_NON_NAME : IN_WORD;
    }

    /** True when {@code name} is one word as {@link #addWords} keeps them: the only names a filter can hold. */
    private static boolean isWord(String name) {
      for (int i = 0; i < name.length(); i++) {
        if (kindOf(name.charAt(i)) != IN_WORD) {
          return false;
        }
      }
      return !name.isEmpty();
    }

    private static void setBits(long[] words, int hash) {
      long mixed = mix(hash);
      for (int k = 0; k < 3; k++) {
        int bit = (int) (mixed >>> (k * 17)) & (WORD_BITS - 1);
        words[bit >>> 6] |= 1L << bit;
      }
    }

    private static boolean mayHold(long[] words, String name) {
      long mixed = mix(name.hashCode());
      for (int k = 0; k < 3; k++) {
        int bit = (int) (mixed >>> (k * 17)) & (WORD_BITS - 1);
        if ((words[bit >>> 6] & (1L << bit)) == 0) {
          return false;
        }
      }
      return true;
    }

    /** A 64-bit mix of a 32-bit hash (SplitMix64's finaliser): three 17-bit indexes out of one String hash. */
    private static long mix(int hash) {
      long z = hash * 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      return z ^ (z >>> 31);
    }
  }
}
