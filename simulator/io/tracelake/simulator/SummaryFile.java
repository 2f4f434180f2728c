package io.tracelake.simulator;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code truth/summary.json}: the options a day was generated with and what was written, for scoring a
 * rebuild: lines per day directory, entries and lines shipped twice, the giant trace's id; with
 * the habits of real services on, those options and what they did: requests answered 202 whose work went
 * on in the worker, spans whose lines do not enclose their children, spans their instance did not log
 * (CLIENT spans to other services under {@code no_kinds}) and ordinary lines logged twice (real events,
 * not duplicates: they are in {@code log_entries}).
 */
final class SummaryFile {
  static final String FILE_NAME = "summary.json";

  private SummaryFile() {}

  static void write(Path file, GeneratorOptions options, int traces, long spans, long logLines, long logEntries,
      Map<LocalDate, Long> linesByDay, long duplicateEntries, long duplicateLines, String giantTraceId,
      LogSimulator.HabitCounts habits) throws IOException {
    Scenario scenario = options.scenario();
    try (JsonGenerator json = new JsonFactory().createGenerator(file.toFile(), JsonEncoding.UTF8)) {
      // "\n" whatever the platform: the same options give the same bytes
      json.setPrettyPrinter(new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter("  ", "\n")));
      json.writeStartObject();
      json.writeStringField("date", options.date().toString());
      json.writeObjectFieldStart("options");
      json.writeNumberField("requests", options.requests());
      json.writeNumberField("seed", options.seed());
      json.writeStringField("compression", options.compression().name().toLowerCase(java.util.Locale.ROOT));
      json.writeObjectFieldStart("formats");
      for (Map.Entry<String, ServiceFormat> format : new TreeMap<>(options.formats()).entrySet()) {
        json.writeStringField(format.getKey(), format.getValue().spec());
      }
      json.writeEndObject();
      json.writeStringField("ids", scenario.ids().optionName());
      writeStrings(json, "silent", scenario.silent());
      writeStrings(json, "access_log_only", scenario.accessLogOnly());
      json.writeNumberField("duplicates", scenario.duplicates());
      json.writeNumberField("max_skew_ms", scenario.maxSkewMs());
      json.writeNumberField("across_midnight", scenario.acrossMidnight());
      json.writeNumberField("giant_trace_events", scenario.giantTraceEvents());
      if (scenario.habits()) {
        // only then: a day without them keeps the bytes it had before they existed
        json.writeBooleanField("no_kinds", scenario.noKinds());
        json.writeNumberField("non_enclosing", scenario.nonEnclosing());
        json.writeNumberField("after_response", scenario.afterResponse());
        json.writeNumberField("repeats", scenario.repeats());
      }
      json.writeEndObject();
      json.writeNumberField("traces", traces);
      json.writeNumberField("spans", spans);
      json.writeNumberField("log_lines", logLines);
      json.writeNumberField("log_entries", logEntries);
      json.writeObjectFieldStart("lines_per_day");
      for (Map.Entry<LocalDate, Long> day : linesByDay.entrySet()) {
        json.writeNumberField(day.getKey().toString(), day.getValue());
      }
      json.writeEndObject();
      json.writeNumberField("duplicate_entries", duplicateEntries);
      json.writeNumberField("duplicate_lines", duplicateLines);
      json.writeStringField("giant_trace_id", giantTraceId);
      if (scenario.habits()) {
        json.writeNumberField("after_response_requests", habits.afterResponseRequests);
        json.writeNumberField("non_enclosing_spans", habits.nonEnclosingSpans);
        json.writeNumberField("unlogged_spans", habits.unloggedSpans);
        json.writeNumberField("repeated_lines", habits.repeatedLines);
      }
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  private static void writeStrings(JsonGenerator json, String name, Iterable<String> values) throws IOException {
    json.writeArrayFieldStart(name);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
