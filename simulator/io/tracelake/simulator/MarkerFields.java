package io.tracelake.simulator;

import io.tracelake.model.trace.SpanMarkers;

/**
 * The structured fields by which a span's start and end entries mark it, in every JSON format:
 * {@code span_event}, {@code span_name}, {@code span_kind}, then {@code peer_service} on the start and
 * {@code status_code} on the end, when there is one. Ordinary entries have none.
 */
final class MarkerFields {
  static final String PEER_SERVICE = "peer_service";
  static final String STATUS_CODE = "status_code";

  private MarkerFields() {}

  /**
   * Appends {@code ,"span_event":"start",...}; {@code status_code} as a number, or a string as MDC values
   * are. Nothing unless {@code ids} has markers.
   */
  static void appendJson(LogLine line, StringBuilder out, boolean statusAsNumber, IdMode ids) {
    if (line.event == LogLine.Event.NOTE || !ids.markers()) {
      return;
    }
    SimulatedSpan span = line.span;
    JsonText.appendField(out, SpanMarkers.SPAN_EVENT, event(line));
    JsonText.appendField(out, SpanMarkers.SPAN_NAME, span.name);
    JsonText.appendField(out, SpanMarkers.SPAN_KIND, span.kind.name());
    if (line.event == LogLine.Event.START && span.peerService != null) {
      JsonText.appendField(out, PEER_SERVICE, span.peerService);
    }
    if (line.event == LogLine.Event.END && span.statusCode > 0) {
      if (statusAsNumber) {
        out.append(",\"" + STATUS_CODE + "\":").append(span.statusCode);
      } else {
        JsonText.appendField(out, STATUS_CODE, Integer.toString(span.statusCode));
      }
    }
  }

  static String event(LogLine line) {
    return line.event == LogLine.Event.START ? SpanMarkers.START : SpanMarkers.END;
  }
}
