package io.tracelake.parsers;

import java.util.List;

/**
 * Splits a line that holds several log records into one line per record, for formats whose writers
 * batch (the OpenTelemetry Collector's file exporter writes one OTLP/JSON export request per line).
 */
public interface RecordBatches {

  /**
   * @return the records of the line, each a line the format's parser reads; or null when the line is
   *     a single record, to be parsed as it is
   * @throws LineRejectedException when the line looks like a batch but is not a well-formed one
   */
  List<byte[]> split(byte[] line, int off, int len) throws LineRejectedException;
}
