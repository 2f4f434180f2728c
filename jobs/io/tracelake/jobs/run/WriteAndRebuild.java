package io.tracelake.jobs.run;

import io.tracelake.jobs.config.RebuildConfig;
import io.tracelake.jobs.warehouse.RowCodec;
import io.tracelake.jobs.warehouse.TableCodecs;
import io.tracelake.jobs.warehouse.TableCodecs.TraceEntry;
import io.tracelake.jobs.warehouse.TableFileWriter;
import io.tracelake.jobs.warehouse.TaskConfiguration;
import io.tracelake.model.LogEvent;
import io.tracelake.model.Span;
import io.tracelake.model.TraceSummary;
import io.tracelake.model.aggregate.OperationNormalizer;
import io.tracelake.model.trace.RebuiltTrace;
import io.tracelake.model.trace.ServiceCalls;
import io.tracelake.model.trace.TraceRebuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Spark function over one shuffle partition, sorted first ({@link SortedByTrace}: each trace's events one run, in
 * time order), then one pass holding one trace at a time. Every event of the day is written to the partition's
 * events file (so the file stays clustered and sorted by trace); the trace is rebuilt by {@link TraceRebuilder}
 * from its first {@code max_events_per_trace} events (the rest are written and counted, the trace flagged
 * truncated); a trace whose root starts in the day has its spans and its row written and goes into the partial
 * aggregates. Margin events (a neighbour day's) feed the rebuild only. Returns one {@link RebuildResult}.
 */
final class WriteAndRebuild
    implements Function2<Integer, Iterator<Tuple2<byte[], byte[]>>, Iterator<RebuildResult>> {
  private static final long serialVersionUID = 1L;
  private static final long DAY_US = 86_400_000_000L;

  private final TaskConfiguration hadoop;
  private final RebuildConfig config;
  private final OperationNormalizer operations;
  private final long dayStartUs;
  /** Staging directories of the events, spans and traces tables. */
  private final String eventsDir;
  private final String spansDir;
  private final String tracesDir;
  /** About how many traces one row group of the events, spans and traces files holds: sizes the bloom filters. */
  private final long[] idsPerRowGroup;
  /** What the day's lines say about which service calls which, read by the parse. */
  private final ServiceCalls day;
  /** The run's files, which the records name by number: broadcast, so each executor reads the list once. */
  private final Broadcast<SourceFiles> files;

  WriteAndRebuild(TaskConfiguration hadoop, RebuildConfig config, OperationNormalizer operations,
      long dayStartUs, String eventsDir, String spansDir, String tracesDir, long[] idsPerRowGroup, ServiceCalls day,
      Broadcast<SourceFiles> files) {
    this.hadoop = hadoop;
    this.config = config;
    this.operations = operations;
    this.dayStartUs = dayStartUs;
    this.eventsDir = eventsDir;
    this.spansDir = spansDir;
    this.tracesDir = tracesDir;
    this.idsPerRowGroup = idsPerRowGroup;
    this.day = day;
    this.files = files;
  }

  @Override
  public Iterator<RebuildResult> call(Integer partition, Iterator<Tuple2<byte[], byte[]>> shuffled) throws IOException {
    RebuildResult result = new RebuildResult();
    SortedByTrace records = SortedByTrace.sort(shuffled);
    TraceRebuilder rebuilder = new TraceRebuilder(config.options(), day);
    int cap = config.maxEventsPerTrace();
    Writers writers = new Writers(partition);
    try {
      EventRecord event = new EventRecord(files.value());
      boolean more = records.advance();
      List<LogEvent> events = new ArrayList<>();
      while (more) {
        byte[] traceId = EventRecords.traceIdOf(records.key());
        String traceIdText = null; // one String for all the trace's events
        events.clear();
        long count = 0;
        do {
          event.read(records.key(), records.value());
          if (event.isMargin()) {
            result.marginEvents++;
          } else {
            writers.events().write(event);
          }
          if (count < cap) {
            traceIdText = traceIdText == null ? event.traceId() : traceIdText;
            events.add(event.forRebuild(traceIdText));
          }
          count++;
          more = records.advance();
        } while (more && EventRecords.sameTrace(traceId, records.key()));
        RebuiltTrace trace = rebuilder.rebuild(events, count > cap);
        if (trace != null) {
          result.rebuiltTraces++;
          if (ownedByTheDay(trace)) {
            write(trace, count, writers, result);
          }
        }
      }
    } finally {
      records.close();
      writers.close(result);
    }
    FailFirstAttempt.check(hadoop.value(), "write");
    return List.of(result).iterator();
  }

  /** A trace is the day's when its root starts in the day; one whose root starts in a margin is the neighbour's. */
  private boolean ownedByTheDay(RebuiltTrace trace) {
    TraceSummary summary = trace.summary();
    long rootStart = summary.startUs();
    for (Span span : trace.spans()) {
      if (span.spanId().equals(summary.rootSpanId())) {
        rootStart = span.startUs();
        break;
      }
    }
    return rootStart >= dayStartUs && rootStart < dayStartUs + DAY_US;
  }

  private void write(RebuiltTrace trace, long eventCount, Writers writers, RebuildResult result) throws IOException {
    TraceSummary summary = trace.summary();
    List<Span> spans = new ArrayList<>(trace.spans());
    spans.sort(Comparator.comparingLong(Span::startUs)); // the spans files' order within a trace
    for (TableCodecs.PlacedSpan placed : TableCodecs.PlacedSpan.of(spans)) {
      writers.spans().write(placed);
      result.inferredSpans += placed.span().inferred() ? 1 : 0;
    }
    writers.traces().write(new TraceEntry(summary, eventCount));
    result.aggregates.addTrace(spans, summary.rootSpanId(), summary.criticalPath(), operations);
    result.traces++;
    result.spans += spans.size();
    result.duplicateEvents += summary.duplicateEvents();
    result.truncatedTraces += summary.truncated() ? 1 : 0;
    result.skewAdjustedTraces += summary.skewAdjusted() ? 1 : 0;
    result.syntheticRoots += "synthetic".equals(summary.rootSource()) ? 1 : 0;
    result.orphanSpans += summary.orphanSpans();
  }

  /** The partition's three files, each opened when its first row comes; names unique to the task attempt. */
  private final class Writers {
    private final int partition;
    private TableFileWriter<EventRecord> events;
    private TableFileWriter<TableCodecs.PlacedSpan> spans;
    private TableFileWriter<TraceEntry> traces;

    Writers(int partition) {
      this.partition = partition;
    }

    TableFileWriter<EventRecord> events() throws IOException {
      return events != null ? events : (events = open(EventRecord.EVENTS, eventsDir, idsPerRowGroup[0]));
    }

    TableFileWriter<TableCodecs.PlacedSpan> spans() throws IOException {
      return spans != null ? spans : (spans = open(TableCodecs.SPANS, spansDir, idsPerRowGroup[1]));
    }

    TableFileWriter<TraceEntry> traces() throws IOException {
      return traces != null ? traces : (traces = open(TableCodecs.TRACES, tracesDir, idsPerRowGroup[2]));
    }

    private <T> TableFileWriter<T> open(RowCodec<T> codec, String dir, long ids) throws IOException {
      TaskContext task = TaskContext.get();
      Path path = new Path(dir, String.format(Locale.ROOT, "part-%05d-%d.parquet", partition,
          task == null ? 0 : task.taskAttemptId()));
      return TableFileWriter.create(codec, path, hadoop.value(), ids);
    }

    void close(RebuildResult result) throws IOException {
      IOException failure = null;
      for (TableFileWriter<?> writer : new TableFileWriter<?>[] {events, spans, traces}) {
        if (writer == null) {
          continue;
        }
        try {
          writer.close();
          result.files.add(writer.path().toString());
        } catch (IOException | UncheckedIOException e) {
          failure = failure != null ? failure : e instanceof IOException io ? io : new IOException(e);
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }
}
