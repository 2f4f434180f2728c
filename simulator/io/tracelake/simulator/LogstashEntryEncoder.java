package io.tracelake.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;

/**
 * {@link LogstashLineEncoder} rendering into a builder, for logs whose lines go through an envelope;
 * plain logstash logs skip this and stream straight into their file.
 */
final class LogstashEntryEncoder implements EntryEncoder {
  private final LogstashLineEncoder encoder;
  private final BuilderWriter writer = new BuilderWriter();
  private final JsonGenerator json;

  LogstashEntryEncoder(LogstashLineEncoder encoder) {
    this.encoder = encoder;
    try {
      this.json = new JsonFactory().createGenerator(writer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    json.setRootValueSeparator(null);
  }

  @Override
  public void encode(LogLine line, StringBuilder out) {
    writer.target = out;
    try {
      encoder.encode(line, json);
      json.flush();
    } catch (IOException e) {
      // the writer appends to memory and never fails
      throw new UncheckedIOException(e);
    }
  }

  private static final class BuilderWriter extends Writer {
    StringBuilder target;

    @Override
    public void write(char[] chars, int offset, int length) {
      target.append(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
      target.append(text, offset, offset + length);
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
