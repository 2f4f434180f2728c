package io.tracelake.jobs.aggregate;

import io.tracelake.jobs.warehouse.RowCodec;
import io.tracelake.model.aggregate.LatencySketch;
import io.tracelake.model.schema.Tables;
import java.util.List;

/** The rows of the daily aggregate tables and their codecs: which field each column is. */
public final class AggregateRows {

  private AggregateRows() {}

  /** The latency columns every latency table ends with. */
  public record LatencyStats(long calls, long errors, double errorRate, long p50Us, long p90Us, long p95Us, long p99Us,
      long maxUs, byte[] sketch) {

    static LatencyStats of(long calls, long errors, long maxUs, LatencySketch sketch) {
      return new LatencyStats(calls, errors, calls == 0 ? 0.0 : (double) errors / calls,
          Math.round(sketch.quantile(0.50)), Math.round(sketch.quantile(0.90)), Math.round(sketch.quantile(0.95)),
          Math.round(sketch.quantile(0.99)), maxUs, sketch.toBytes());
    }
  }

  public record OperationDay(String service, String operation, String kind, LatencyStats stats) {}

  public record ServiceHour(String service, long hourUs, LatencyStats stats) {}

  public record ErrorDay(String service, String operation, String errorClass, long errors, List<String> samples) {}

  /** How many traces make calls along an edge, and how many calls each makes. */
  public record CallsPerTrace(long traces, long p50, long p95, long max, byte[] sketch) {

    static CallsPerTrace of(long traces, long max, LatencySketch sketch) {
      return new CallsPerTrace(traces, traces == 0 ? 0 : Math.round(sketch.quantile(0.50)),
          traces == 0 ? 0 : Math.round(sketch.quantile(0.95)), max, sketch.toBytes());
    }
  }

  /** An operation's place on an endpoint's critical paths: the endpoint's totals, then the operation's. */
  public record OnPathStats(long endpointTraces, long endpointUs, long traces, long criticalUs, double share,
      long selfP50Us, long selfP95Us, byte[] sketch) {

    static OnPathStats of(long endpointTraces, long endpointUs, long traces, long criticalUs, LatencySketch sketch) {
      return new OnPathStats(endpointTraces, endpointUs, traces, criticalUs,
          endpointUs == 0 ? 0.0 : (double) criticalUs / endpointUs, Math.round(sketch.quantile(0.50)),
          Math.round(sketch.quantile(0.95)), sketch.toBytes());
    }
  }

  public record CriticalPathDay(String rootService, String rootOperation, String service, String operation,
      OnPathStats stats) {}

  public record DependencyDay(String parent, String child, LatencyStats stats, CallsPerTrace perTrace) {}

  public static final RowCodec<OperationDay> OPERATIONS = latency(
      RowCodec.of(Tables.SERVICE_OPERATIONS_DAILY, OperationDay.class)
          .string("service", OperationDay::service)
          .string("operation", OperationDay::operation)
          .string("kind", OperationDay::kind), OperationDay::stats);

  public static final RowCodec<ServiceHour> HOURS = latency(RowCodec.of(Tables.SERVICE_HOURLY, ServiceHour.class)
      .string("service", ServiceHour::service)
      .timestamp("hour", ServiceHour::hourUs), ServiceHour::stats);

  public static final RowCodec<ErrorDay> ERRORS = RowCodec.of(Tables.ERRORS_DAILY, ErrorDay.class)
      .string("service", ErrorDay::service)
      .string("operation", ErrorDay::operation)
      .string("error_class", ErrorDay::errorClass)
      .int64("errors", ErrorDay::errors)
      .strings("sample_trace_ids", ErrorDay::samples)
      .build();

  public static final RowCodec<DependencyDay> DEPENDENCIES = callsPerTraceColumns(latencyColumns(
      RowCodec.of(Tables.DEPENDENCIES_DAILY, DependencyDay.class)
          .string("parent", DependencyDay::parent)
          .string("child", DependencyDay::child), DependencyDay::stats), DependencyDay::perTrace).build();

  public static final RowCodec<CriticalPathDay> CRITICAL_PATHS = onPathColumns(
      RowCodec.of(Tables.CRITICAL_PATH_DAILY, CriticalPathDay.class)
          .string("root_service", CriticalPathDay::rootService)
          .string("root_operation", CriticalPathDay::rootOperation)
          .string("service", CriticalPathDay::service)
          .string("operation", CriticalPathDay::operation), CriticalPathDay::stats).build();

  /** Binds the critical-path columns, daily and period tables alike. */
  static <T> RowCodec.Builder<T> onPathColumns(RowCodec.Builder<T> keys, RowCodec.Accessor<T, OnPathStats> stats) {
    return keys
        .int64("endpoint_traces", t -> stats.apply(t).endpointTraces())
        .int64("endpoint_us", t -> stats.apply(t).endpointUs())
        .int64("traces", t -> stats.apply(t).traces())
        .int64("critical_us", t -> stats.apply(t).criticalUs())
        .float64("share", t -> stats.apply(t).share())
        .int64("self_p50_us", t -> stats.apply(t).selfP50Us())
        .int64("self_p95_us", t -> stats.apply(t).selfP95Us())
        .bytes("self_sketch", t -> stats.apply(t).sketch());
  }

  private static <T> RowCodec<T> latency(RowCodec.Builder<T> keys, RowCodec.Accessor<T, LatencyStats> stats) {
    return latencyColumns(keys, stats).build();
  }

  /** Binds the calls-per-trace columns of the dependency tables, daily and period alike. */
  static <T> RowCodec.Builder<T> callsPerTraceColumns(RowCodec.Builder<T> codec,
      RowCodec.Accessor<T, CallsPerTrace> perTrace) {
    return codec
        .int64("traces", t -> perTrace.apply(t).traces())
        .int64("calls_per_trace_p50", t -> perTrace.apply(t).p50())
        .int64("calls_per_trace_p95", t -> perTrace.apply(t).p95())
        .int64("calls_per_trace_max", t -> perTrace.apply(t).max())
        .bytes("calls_per_trace_sketch", t -> perTrace.apply(t).sketch());
  }

  /** Binds the latency columns every latency table ends with, daily and period tables alike. */
  static <T> RowCodec.Builder<T> latencyColumns(RowCodec.Builder<T> keys, RowCodec.Accessor<T, LatencyStats> stats) {
    return keys
        .int64("calls", t -> stats.apply(t).calls())
        .int64("errors", t -> stats.apply(t).errors())
        .float64("error_rate", t -> stats.apply(t).errorRate())
        .int64("p50_us", t -> stats.apply(t).p50Us())
        .int64("p90_us", t -> stats.apply(t).p90Us())
        .int64("p95_us", t -> stats.apply(t).p95Us())
        .int64("p99_us", t -> stats.apply(t).p99Us())
        .int64("max_us", t -> stats.apply(t).maxUs())
        .bytes("latency_sketch", t -> stats.apply(t).sketch());
  }
}
