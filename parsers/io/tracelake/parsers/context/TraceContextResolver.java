package io.tracelake.parsers.context;

import io.tracelake.model.regex.BoundedRegex;
import io.tracelake.model.LogEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.PatternSyntaxException;

/**
 * Gives every parsed event, whatever its format, its trace context in stored form: the one place where
 * ids are found and normalised (see {@link TraceIds} for the rules). Parsers put ids as logged.
 *
 * <p>An event without a trace id of its own takes the first context found, in this order: the trace
 * propagation headers among its attributes ({@code traceparent}, {@code b3}, {@code X-B3-*},
 * {@code uber-trace-id}, {@code X-Amzn-Trace-Id}, matched by the last dotted segment of the attribute
 * name, in any case, with {@code _} as {@code -}, so {@code req.headers.traceparent} matches too); a
 * {@code traceparent} or {@code uber-trace-id} value in its message; its own request id; a request id
 * attribute ({@code X-Request-ID}, {@code request_id}, {@code requestId}, {@code req_id}, …); the
 * configured message patterns; with {@code idsInMessage} (text formats), an id written in the message as
 * {@code trace_id=…}, {@code traceId=…} or {@code TraceID: …}. An event without a span (or parent) id takes
 * one from its message likewise: configured span (parent) id patterns, then, with {@code idsInMessage},
 * {@code span_id=…}, {@code spanId=…}, {@code SpanID: …} ({@code parent_span_id=…}, {@code parentId=…}). Trace contexts come before request ids because they are shared end to
 * end, while many request ids are minted per service (pino counts from 1 in every process). Span ids
 * the event has of its own win over those of a header.
 *
 * <p>Thread-safe (its only state is the last ids it found in stored form, Strings, which are immutable). Never
 * throws: an id it cannot read is passed over.
 */
public final class TraceContextResolver {

  /** Event attribute naming the {@link TraceContextSource#code()} when the context came from elsewhere than the event's id fields. */
  public static final String SOURCE_ATTRIBUTE = "trace_context_source";

  private static final HeaderName[] HEADER_NAMES = HeaderName.values();

  /** {@code trace_id=<hex>}, {@code traceId: <hex>}, {@code TraceID=<hex>}, but not {@code dd.trace_id=<decimal>}. */
  static final String TRACE_ID_IN_MESSAGE =
      "(?i)(?<![\\w.])trace[_-]?id[\"']?\\s*[=:]\\s*[\"']?([0-9a-f]{32}|[0-9a-f]{16})(?![0-9a-z])";
  static final String SPAN_ID_IN_MESSAGE =
      "(?i)(?<![\\w.])span[_-]?id[\"']?\\s*[=:]\\s*[\"']?([0-9a-f]{16})(?![0-9a-z])";
  static final String PARENT_SPAN_ID_IN_MESSAGE =
      "(?i)(?<![\\w.])parent[_-]?(?:span[_-]?)?id[\"']?\\s*[=:]\\s*[\"']?([0-9a-f]{16})(?![0-9a-z])";

  private final BoundedRegex[] messagePatterns;
  private final BoundedRegex[] traceIdInMessage;
  private final BoundedRegex[] spanIdPatterns;
  private final BoundedRegex[] parentSpanIdPatterns;
  /** Whether span or parent ids were configured; else only the defaults, which need the word "span" or "parent". */
  private final boolean configuredSpanPatterns;
  /**
   * The last trace, span and parent id found already in stored form, by field. A file's lines come mostly in runs
   * of one trace, and a parser that keeps a field's last value hands the same String again: an identity test then
   * saves reading its digits. No lock: a String seen here from another thread was checked all the same.
   */
  private final String[] lastNormal = new String[3];
  private static final int TRACE = 0;
  private static final int SPAN = 1;
  private static final int PARENT = 2;

  /** A resolver without message patterns. */
  public TraceContextResolver() {
    this(List.of());
  }

  /** A resolver with configured trace or request id patterns only. */
  public TraceContextResolver(List<String> messagePatterns) {
    this(messagePatterns, List.of(), List.of(), false);
  }

  /**
   * @param messagePatterns regular expressions whose first capture group is a trace or request id in a
   *     message, e.g. OpenStack's {@code req-([0-9a-f-]{36})}; tried in order
   * @param spanIdPatterns likewise for the span id, e.g. {@code span=([0-9a-f]{16})}
   * @param parentSpanIdPatterns likewise for the parent span id
   * @param idsInMessage also find ids written as {@code trace_id=…}, {@code traceId=…}, {@code TraceID: …}
   *     (and the span and parent ids likewise) in messages, after the configured patterns
   * @throws IllegalArgumentException when a pattern does not compile or has no capture group
   */
  public TraceContextResolver(List<String> messagePatterns, List<String> spanIdPatterns,
      List<String> parentSpanIdPatterns, boolean idsInMessage) {
    this.messagePatterns = compile("trace id", messagePatterns);
    this.configuredSpanPatterns = !spanIdPatterns.isEmpty() || !parentSpanIdPatterns.isEmpty();
    this.traceIdInMessage = idsInMessage ? compile("trace id", List.of(TRACE_ID_IN_MESSAGE)) : new BoundedRegex[0];
    this.spanIdPatterns = compile("span id", idsInMessage ? plus(spanIdPatterns, SPAN_ID_IN_MESSAGE) : spanIdPatterns);
    this.parentSpanIdPatterns = compile("parent span id",
        idsInMessage ? plus(parentSpanIdPatterns, PARENT_SPAN_ID_IN_MESSAGE) : parentSpanIdPatterns);
  }

  private static List<String> plus(List<String> patterns, String pattern) {
    List<String> all = new ArrayList<>(patterns);
    all.add(pattern);
    return all;
  }

  private static BoundedRegex[] compile(String what, List<String> regexes) {
    List<BoundedRegex> compiled = new ArrayList<>();
    for (String regex : regexes) {
      BoundedRegex pattern;
      try {
        pattern = BoundedRegex.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(what + " pattern '" + regex + "' does not compile: " + e.getDescription());
      }
      if (pattern.groupCount() < 1) {
        throw new IllegalArgumentException(what + " pattern '" + regex + "' needs a capture group around the id");
      }
      compiled.add(pattern);
    }
    return compiled.toArray(new BoundedRegex[0]);
  }

  /** The event with its trace context found and normalised; the event itself when it already is. */
  public LogEvent resolve(LogEvent raw) {
    if (isResolved(raw)) {
      return raw;
    }
    return resolveWithSource(raw).event();
  }

  /** Same as {@link #resolve(LogEvent)}, telling where the context came from. */
  public ResolvedEvent resolveWithSource(LogEvent raw) {
    if (isResolved(raw)) {
      return new ResolvedEvent(raw, TraceContextSource.FIELD);
    }
    String spanId = TraceIds.normalizeSpanId(raw.spanId());
    String parentSpanId = TraceIds.normalizeSpanId(raw.parentSpanId());
    String requestId = raw.requestId();
    String traceId = TraceIds.normalizeTraceId(raw.traceId());
    TraceContextSource source;
    if (traceId != null) {
      source = TraceContextSource.FIELD;
      if (requestId == null && !TraceIds.isHexTraceId(raw.traceId())) {
        requestId = raw.traceId().trim();
      }
    } else {
      TraceContext context = find(raw);
      if (context == null) {
        source = TraceContextSource.NONE;
      } else {
        source = context.source();
        traceId = context.traceId();
        spanId = spanId != null ? spanId : context.spanId();
        parentSpanId = parentSpanId != null ? parentSpanId : context.parentSpanId();
        requestId = requestId != null ? requestId : context.requestId();
      }
    }
    boolean spanInMessage = mayHoldSpanIds(raw.message());
    if (spanId == null && traceId != null && spanInMessage) {
      spanId = TraceIds.normalizeSpanId(firstCapture(spanIdPatterns, raw.message()));
    }
    if (parentSpanId == null && spanId != null && spanInMessage) {
      parentSpanId = TraceIds.normalizeSpanId(firstCapture(parentSpanIdPatterns, raw.message()));
    }
    boolean recordSource = !source.isOwnField();
    if (!recordSource && same(traceId, raw.traceId()) && same(spanId, raw.spanId())
        && same(parentSpanId, raw.parentSpanId()) && same(requestId, raw.requestId())) {
      return new ResolvedEvent(raw, source);
    }
    LogEvent.Builder event = raw.toBuilder().traceId(traceId).spanId(spanId).parentSpanId(parentSpanId).requestId(requestId);
    if (recordSource) {
      Map<String, String> attributes = new LinkedHashMap<>(raw.attributes());
      attributes.put(SOURCE_ATTRIBUTE, source.code());
      event.attributes(attributes);
    }
    return new ResolvedEvent(event.build(), source);
  }

  private boolean isResolved(LogEvent event) {
    return isNormal(event.traceId(), TRACE)
        && (event.spanId() == null ? !mayHoldSpanIds(event.message()) : isNormal(event.spanId(), SPAN))
        && (event.parentSpanId() == null ? !mayHoldSpanIds(event.message()) : isNormal(event.parentSpanId(), PARENT));
  }

  /** Whether an id of the event's {@code field} (TRACE, SPAN, PARENT) is already in stored form. */
  private boolean isNormal(String id, int field) {
    if (id == null) {
      return false;
    }
    if (id == lastNormal[field]) {
      return true;
    }
    if (field == TRACE ? TraceIds.isNormalTraceId(id) : TraceIds.isNormalSpanId(id)) {
      lastNormal[field] = id;
      return true;
    }
    return false;
  }

  /**
   * Whether {@code message} may hold a span or parent id the patterns would find: any message when patterns
   * were configured, else only one with the word span or parent in it (the built-in patterns need one), so
   * that most lines skip the regexes.
   */
  private boolean mayHoldSpanIds(String message) {
    return message != null && spanIdPatterns.length > 0 && (configuredSpanPatterns || message.indexOf("pan") >= 0
        || message.indexOf("PAN") >= 0 || message.indexOf("arent") >= 0 || message.indexOf("ARENT") >= 0);
  }

  private static boolean same(String a, String b) {
    return a == null ? b == null : a.equals(b);
  }

  private TraceContext find(LogEvent raw) {
    String[] headers = headersOf(raw.attributes());
    TraceContext context = headers == null ? null : fromPropagationHeaders(headers);
    String message = raw.message();
    if (context == null && message != null) {
      context = PropagationHeaders.findTraceparent(message);
      if (context == null) {
        context = PropagationHeaders.findUberTraceId(message);
      }
    }
    if (context == null) {
      context = fromRequestId(raw.requestId(), TraceContextSource.REQUEST_ID_FIELD);
    }
    if (context == null && headers != null) {
      for (int i = HeaderName.FIRST_REQUEST_ID.ordinal(); i < headers.length && context == null; i++) {
        context = fromRequestId(headers[i], TraceContextSource.REQUEST_ID_ATTRIBUTE);
      }
    }
    if (context == null && message != null) {
      context = fromMessagePatterns(messagePatterns, message, TraceContextSource.MESSAGE_PATTERN);
    }
    if (context == null && message != null && traceIdInMessage.length > 0 && mentionsTrace(message)) {
      context = fromMessagePatterns(traceIdInMessage, message, TraceContextSource.MESSAGE_ID);
    }
    return context;
  }

  /** A cheap test before the regular expression: most messages say nothing of a trace. */
  private static boolean mentionsTrace(String message) {
    return message.indexOf("race") >= 0 || message.indexOf("RACE") >= 0;
  }

  /** The first capture of the first pattern that finds one in the text, or null. */
  private static String firstCapture(BoundedRegex[] patterns, String text) {
    for (BoundedRegex pattern : patterns) {
      BoundedRegex.BoundedMatcher matcher = pattern.matcher(text);
      if (matcher.find() && matcher.group(1) != null) {
        return matcher.group(1);
      }
    }
    return null;
  }

  /** The values of the header-like attributes, indexed by {@link HeaderName#ordinal()}; null when there are none. */
  private static String[] headersOf(Map<String, String> attributes) {
    String[] headers = null;
    for (Map.Entry<String, String> attribute : attributes.entrySet()) {
      String key = attribute.getKey();
      String value = attribute.getValue();
      if (key == null || value == null) {
        continue;
      }
      HeaderName name = HeaderName.of(key);
      if (name != null) {
        if (headers == null) {
          headers = new String[HEADER_NAMES.length];
        }
        if (headers[name.ordinal()] == null && !value.isBlank()) {
          headers[name.ordinal()] = value;
        }
      }
    }
    return headers;
  }

  private static TraceContext fromPropagationHeaders(String[] headers) {
    TraceContext context = PropagationHeaders.traceparent(headers[HeaderName.TRACEPARENT.ordinal()]);
    if (context == null) {
      context = PropagationHeaders.b3(headers[HeaderName.B3.ordinal()]);
    }
    if (context == null) {
      context = PropagationHeaders.b3Multi(headers[HeaderName.B3_TRACE_ID.ordinal()],
          headers[HeaderName.B3_SPAN_ID.ordinal()], headers[HeaderName.B3_PARENT_SPAN_ID.ordinal()]);
    }
    if (context == null) {
      context = PropagationHeaders.uberTraceId(headers[HeaderName.UBER_TRACE_ID.ordinal()]);
    }
    if (context == null) {
      context = PropagationHeaders.amznTraceId(headers[HeaderName.AMZN_TRACE_ID.ordinal()]);
    }
    return context;
  }

  private static TraceContext fromMessagePatterns(BoundedRegex[] patterns, String message, TraceContextSource source) {
    for (BoundedRegex pattern : patterns) {
      BoundedRegex.BoundedMatcher matcher = pattern.matcher(message);
      if (matcher.find()) {
        TraceContext context = fromRequestId(matcher.group(1), source);
        if (context != null) {
          return context;
        }
      }
    }
    return null;
  }

  /** The context a request id (or a trace id logged where a request id goes) gives, or null when it is blank or zero. */
  private static TraceContext fromRequestId(String value, TraceContextSource source) {
    if (value == null) {
      return null;
    }
    int start = PropagationHeaders.valueStart(value);
    int end = PropagationHeaders.valueEnd(value, start);
    if (start >= end) {
      return null;
    }
    String id = start == 0 && end == value.length() ? value : value.substring(start, end);
    String traceId = TraceIds.normalizeTraceId(id);
    if (traceId == null) {
      return null;
    }
    return new TraceContext(traceId, null, null, TraceIds.isHexTraceId(id) ? null : id, source);
  }
}
