package io.tracelake.model.trace;

import io.tracelake.model.KindSource;
import io.tracelake.model.Level;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParentSource;
import io.tracelake.model.Span;
import io.tracelake.model.SpanKind;
import io.tracelake.model.TimingSource;
import java.util.ArrayList;
import java.util.List;

/** A span while its trace is rebuilt: its events, what they said, and what was found out about it so far. */
final class SpanDraft {
  String id;
  String parentId;
  ParentSource parentSource = ParentSource.NONE;
  double parentConfidence;
  final String service;
  final String instance;
  /** Service and instance together: the unit a clock offset applies to. */
  final String host;
  String thread;
  String name;
  SpanKind kind = SpanKind.INTERNAL;
  KindSource kindSource = KindSource.NONE;
  long startUs;
  long endUs;
  TimingSource timing = TimingSource.FIRST_LAST_EVENT;
  final List<LogEvent> events = new ArrayList<>();
  boolean inferred;
  String peer;
  /** What a SERVER span served, for matching it to its caller's call; null otherwise. */
  String method;
  String path;
  /** What a CONSUMER span consumed, for matching it to its producer; null otherwise. */
  String topic;
  String message;
  long skewUs;
  /** Its only evidence line is an end line naming a request ("POST /charge completed in 4 ms"): maybe a call. */
  boolean endNamesRequest;

  SpanDraft(String service, String instance) {
    this.service = service;
    this.instance = instance;
    this.host = hostOf(service, instance);
  }

  static String hostOf(String service, String instance) {
    return (service == null ? "" : service) + "/" + (instance == null ? "" : instance);
  }

  boolean encloses(SpanDraft other) {
    return startUs <= other.startUs && other.endUs <= endUs;
  }

  long duration() {
    return endUs - startUs;
  }

  /** True when its start was derived from a duration one line logged (an access log, "completed in 4 ms"). */
  boolean startDerived() {
    return timing == TimingSource.ACCESS_LOG || timing == TimingSource.DURATION;
  }

  /** True when its start and end are the times of its own lines (first and last, or start and end markers). */
  boolean timedByItsLines() {
    return timing == TimingSource.FIRST_LAST_EVENT || timing == TimingSource.MARKERS;
  }

  void setKind(SpanKind kind, KindSource source) {
    this.kind = kind;
    this.kindSource = source;
  }

  void setParent(String parent, ParentSource source, double confidence) {
    this.parentId = parent;
    this.parentSource = source;
    this.parentConfidence = confidence;
  }

  Span toSpan(String traceId) {
    Integer status = null;
    String exceptionType = null;
    boolean error = false;
    for (LogEvent event : events) {
      Integer eventStatus = event.httpStatus() != null ? event.httpStatus() : statusOf(event);
      if (eventStatus != null) {
        status = eventStatus; // the last one: the end line says how it ended
      }
      if (exceptionType == null) {
        exceptionType = event.exceptionType();
      }
      error |= Level.isError(event.level());
    }
    // an access log reports a failure by its status alone
    error |= timing == TimingSource.ACCESS_LOG && status != null && status >= 500;
    return new Span(traceId, id, parentId, service, instance, name, kind, startUs, Math.max(startUs, endUs), error,
        events.size(), peer, status, exceptionType, timing, parentSource, parentConfidence, skewUs, inferred,
        kindSource);
  }

  /** True when one of the span's events reported the HTTP status {@code status}. */
  boolean answered(int status) {
    for (LogEvent event : events) {
      Integer eventStatus = event.httpStatus() != null ? event.httpStatus() : statusOf(event);
      if (eventStatus != null && eventStatus == status) {
        return true;
      }
    }
    return false;
  }

  private static Integer statusOf(LogEvent event) {
    String text = event.attribute(SpanMarkers.STATUS_CODE);
    if (text == null) {
      return null;
    }
    try {
      return Integer.valueOf(text.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public String toString() {
    return kind + " " + id + " " + host + " " + name + " [" + startUs + ", " + endUs + "]";
  }
}
