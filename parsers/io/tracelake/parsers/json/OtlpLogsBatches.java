package io.tracelake.parsers.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tracelake.model.RejectReason;
import io.tracelake.parsers.LineRejectedException;
import io.tracelake.parsers.RecordBatches;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an OTLP/JSON logs export request ({@code {"resourceLogs":[{"resource":…,"scopeLogs":[{"scope":…,
 * "logRecords":[…]}]}]}}, one per line as the OpenTelemetry Collector's file exporter and the
 * {@code logging-otlp} exporters write) into one {@code LogRecord} object per record, each carrying its
 * {@code resource} and {@code scope}, as the {@code otel-json} mapping reads them.
 *
 * <p>The tree model is used here only: batches are the rarer form, and a record per line stays on the
 * streaming parser.
 */
public final class OtlpLogsBatches implements RecordBatches {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final byte[] MARKER = "\"resourceLogs\"".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @Override
  public List<byte[]> split(byte[] line, int off, int len) throws LineRejectedException {
    if (!startsWithMarker(line, off, len)) {
      return null;
    }
    JsonNode request;
    try {
      request = MAPPER.readTree(line, off, len);
    } catch (JsonProcessingException e) {
      throw new LineRejectedException(RejectReason.MALFORMED_JSON,
          "malformed OTLP/JSON export request" + JsonLineParser.atColumn(e));
    } catch (IOException e) {
      throw new LineRejectedException(RejectReason.MALFORMED_JSON, "malformed OTLP/JSON export request");
    }
    List<byte[]> records = new ArrayList<>();
    try {
      for (JsonNode resourceLogs : request.path("resourceLogs")) {
        JsonNode resource = resourceLogs.path("resource");
        for (JsonNode scopeLogs : resourceLogs.path("scopeLogs")) {
          JsonNode scope = scopeLogs.path("scope");
          for (JsonNode record : scopeLogs.path("logRecords")) {
            if (!record.isObject()) {
              throw new LineRejectedException(RejectReason.NOT_AN_OBJECT, "an OTLP logRecord is not an object");
            }
            ObjectNode flat = ((ObjectNode) record).deepCopy();
            if (!resource.isMissingNode()) {
              flat.set("resource", resource);
            }
            if (!scope.isMissingNode()) {
              flat.set("scope", scope);
            }
            records.add(MAPPER.writeValueAsBytes(flat));
          }
        }
      }
    } catch (JsonProcessingException e) {
      throw new LineRejectedException(RejectReason.MALFORMED_JSON, "OTLP logRecord does not serialise back");
    }
    if (records.isEmpty()) {
      throw new LineRejectedException(RejectReason.MISSING_TIMESTAMP, "OTLP/JSON export request holds no logRecords");
    }
    return records;
  }

  /** Whether the object's first key is resourceLogs, without parsing the line. */
  private static boolean startsWithMarker(byte[] line, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && (line[i] == ' ' || line[i] == '\t' || line[i] == '\uFEFF')) {
      i++;
    }
    if (i >= end || line[i] != '{') {
      return false;
    }
    i++;
    while (i < end && (line[i] == ' ' || line[i] == '\t' || line[i] == '\n' || line[i] == '\r')) {
      i++;
    }
    if (end - i < MARKER.length) {
      return false;
    }
    for (int k = 0; k < MARKER.length; k++) {
      if (line[i + k] != MARKER[k]) {
        return false;
      }
    }
    return true;
  }
}
