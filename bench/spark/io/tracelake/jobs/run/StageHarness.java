package io.tracelake.jobs.run;

import io.tracelake.jobs.aggregate.DayAggregates;
import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.RebuildConfig;
import io.tracelake.jobs.config.SourceConfig;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.warehouse.RowView;
import io.tracelake.jobs.warehouse.TableCodecs;
import io.tracelake.jobs.warehouse.TableFileWriter;
import io.tracelake.jobs.warehouse.TableFiles;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.model.Span;
import io.tracelake.model.TraceSummary;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.schema.Tables;
import io.tracelake.model.trace.RebuildOptions;
import io.tracelake.model.trace.RebuiltTrace;
import io.tracelake.model.trace.ServiceCalls;
import io.tracelake.model.trace.TraceRebuilder;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParsers;
import io.tracelake.parsers.LogFileParser;
import io.tracelake.parsers.redaction.Redactor;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;

/**
 * The nightly run's per-line work without Spark, on one thread, round after round until the code is compiled: what
 * a line costs in steady state, part by part (bench/stage-harness.sh). Not the job's cost (no shuffle, no sort, no
 * compilation or GC threads counted, no driver): the difference between the two is what Spark and the JVM add.
 *
 * <pre>
 *   parse  CONFIG FILE ROUNDS STEP   the first source of CONFIG on FILE (read into memory first); STEP: parse,
 *                                    redact, encode (the shuffle record) or all (the day's service calls read too)
 *   reduce EVENTS ROUNDS STEP [MAX]  the records of an events file (MAX events, sorted by trace as written); STEP:
 *                                    read (records into the rebuild's events), rebuild, spans, spans-written,
 *                                    aggregates, or events-written (the events writer alone)
 * </pre>
 */
public final class StageHarness {
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  public static void main(String[] args) throws Exception {
    String mode = args.length > 0 ? args[0] : "";
    if (mode.equals("parse") && args.length == 5) {
      parse(Path.of(args[1]), Path.of(args[2]), Integer.parseInt(args[3]), args[4]);
    } else if (mode.equals("reduce") && (args.length == 4 || args.length == 5)) {
      reduce(args[1], Integer.parseInt(args[2]), args[3], args.length > 4 ? Integer.parseInt(args[4]) : 500_000);
    } else {
      // the harness's own entry point, run by bench/stage-harness.sh: a usage error is its exit status 2
      System.err.println("usage: parse CONFIG FILE ROUNDS STEP | reduce EVENTS ROUNDS STEP [MAX]");
      System.exit(2);
    }
  }

  private static void parse(Path configFile, Path file, int rounds, String step) throws Exception {
    TracelakeConfig config = ConfigLoader.load(configFile);
    SourceConfig sourceConfig = config.sources().get(0);
    SourceSettings source =
        new SourceSettings(sourceConfig, config.maxLineBytes(), config.redactionFor(sourceConfig.name()));
    byte[] data = Files.readAllBytes(file);
    String uri = file.toUri().toString();
    long kept = 0;
    for (int round = 0; round < rounds; round++) {
      long cpu = THREADS.getCurrentThreadCpuTime();
      LogFileParser entries = LineParsers.forFile(new ByteArrayInputStream(data), source.parser(),
          new FileContext(LocalDate.of(2026, 11, 20), source.parser().zone()), source.defaultService(uri),
          source.defaultInstance(uri), source.maxLineBytes());
      Redactor redactor = new Redactor(source.redaction());
      ServiceCalls.Collector calls = new ServiceCalls.Collector(config.rebuild().options().evidence());
      EventRecords.Encoder records = new EventRecords.Encoder();
      long lines = 0;
      while (entries.hasNext()) {
        ParsedLine entry = entries.next();
        lines++;
        if (!step.equals("parse")) {
          entry = redactor.redact(entry);
        }
        if (entry.isEvent() && entry.event().traceId() != null && (step.equals("encode") || step.equals("all"))) {
          LogEvent e = entry.event();
          kept += records.key(e.traceId(), e.timestampUs(), 0, entry.lineNumber()).length;
          kept += records.value(new TableCodecs.EventEntry(e, source.name(), uri, entry.lineNumber(),
              entry.lineCount()), false).length;
          if (step.equals("all")) {
            calls.read(e);
          }
        }
        kept += entry.lineCount();
      }
      report(round, step, lines, "line", cpu);
    }
    System.out.println("(" + kept + ")");
  }

  private static void reduce(String eventsFile, int rounds, String step, int max) throws Exception {
    Configuration hadoop = new Configuration();
    RebuildOptions options = RebuildConfig.defaults().options();
    ServiceCalls.Collector collector = new ServiceCalls.Collector(options.evidence());
    List<TableCodecs.EventEntry> entries = new ArrayList<>();
    Map<String, String> sourceByUri = new TreeMap<>();
    try (TableFiles.Rows rows = TableFiles.read(Tables.EVENTS, new org.apache.hadoop.fs.Path(eventsFile), hadoop)) {
      for (RowView row = rows.next(); row != null && entries.size() < max; row = rows.next()) {
        TableCodecs.EventEntry entry = TableCodecs.event(row);
        entries.add(entry);
        sourceByUri.put(entry.sourceFile(), entry.source());
        collector.read(entry.event());
      }
    }
    SourceFiles files = SourceFiles.of(sourceByUri);
    byte[][] keys = new byte[entries.size()][];
    byte[][] values = new byte[entries.size()][];
    EventRecords.Encoder encoder = new EventRecords.Encoder();
    for (int i = 0; i < keys.length; i++) {
      TableCodecs.EventEntry entry = entries.get(i);
      keys[i] = encoder.key(entry.event().traceId(), entry.event().timestampUs(), files.number(entry.sourceFile()),
          entry.lineNumber());
      values[i] = encoder.value(entry, false);
    }
    entries = null;
    ServiceCalls day = collector.calls();
    OperationNormalizer operations = new OperationNormalizer(List.of());
    Path out = Files.createTempDirectory("stage-harness");
    for (int round = 0; round < rounds; round++) {
      long cpu = THREADS.getCurrentThreadCpuTime();
      EventRecord event = new EventRecord(files);
      if (step.equals("events-written")) {
        try (TableFileWriter<EventRecord> writer = TableFileWriter.create(EventRecord.EVENTS,
            new org.apache.hadoop.fs.Path(out.resolve("events-" + round + ".parquet").toString()), hadoop, 20_000)) {
          for (int i = 0; i < keys.length; i++) {
            writer.write(event.read(keys[i], values[i]));
          }
        }
        report(round, step, keys.length, "event", cpu);
        continue;
      }
      TraceRebuilder rebuilder = new TraceRebuilder(options, day);
      DayAggregates aggregates = new DayAggregates();
      boolean written = step.equals("spans-written");
      TableFileWriter<TableCodecs.PlacedSpan> spansOut = written ? TableFileWriter.create(TableCodecs.SPANS,
          new org.apache.hadoop.fs.Path(out.resolve("spans-" + round + ".parquet").toString()), hadoop, 20_000) : null;
      TableFileWriter<TableCodecs.TraceEntry> tracesOut = written ? TableFileWriter.create(TableCodecs.TRACES,
          new org.apache.hadoop.fs.Path(out.resolve("traces-" + round + ".parquet").toString()), hadoop, 20_000) : null;
      List<LogEvent> events = new ArrayList<>();
      for (int i = 0; i < keys.length; ) {
        byte[] traceId = EventRecords.traceIdOf(keys[i]);
        String traceIdText = null;
        events.clear();
        do {
          event.read(keys[i], values[i]);
          traceIdText = traceIdText == null ? event.traceId() : traceIdText;
          events.add(event.forRebuild(traceIdText));
          i++;
        } while (i < keys.length && EventRecords.sameTrace(traceId, keys[i]));
        RebuiltTrace trace = step.equals("read") ? null : rebuilder.rebuild(events, false);
        if (trace == null || step.equals("rebuild")) {
          continue;
        }
        TraceSummary summary = trace.summary();
        List<Span> spans = new ArrayList<>(trace.spans());
        spans.sort(Comparator.comparingLong(Span::startUs));
        if (written) {
          for (TableCodecs.PlacedSpan placed : TableCodecs.PlacedSpan.of(spans)) {
            spansOut.write(placed);
          }
          tracesOut.write(new TableCodecs.TraceEntry(summary, events.size()));
        } else if (step.equals("aggregates")) {
          aggregates.addTrace(spans, summary.rootSpanId(), summary.criticalPath(), operations);
        }
      }
      if (written) {
        spansOut.close();
        tracesOut.close();
      }
      report(round, step, keys.length, "event", cpu);
    }
    try (var written = Files.walk(out)) {
      written.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  private static void report(int round, String step, long count, String unit, long cpuBefore) {
    double nanos = THREADS.getCurrentThreadCpuTime() - cpuBefore;
    System.out.printf("round %d, %s: %,d %ss, %.0f CPU-ns/%s%n", round, step, count, unit, nanos / count, unit);
  }
}
