package io.tracelake.jobs.warehouse;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;

/** parquet-java's hook for writing one table's rows: each row goes to its codec, column by column. */
final class TableWriteSupport<T> extends WriteSupport<T> {

  private final io.tracelake.model.schema.Table table;
  private final RowCodec<T> codec;
  /** Footer entries known only once every row is written (read when the file closes). */
  private final Map<String, String> closingFooter;
  private RecordConsumer consumer;

  /** @param codec the rows' codec, or null for a file that gets no row */
  TableWriteSupport(io.tracelake.model.schema.Table table, RowCodec<T> codec, Map<String, String> closingFooter) {
    this.table = table;
    this.codec = codec;
    this.closingFooter = closingFooter;
  }

  /** The writer's name in the files' footers ({@code writer.model.name}). */
  static final String NAME = "tracelake";

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(TableSchemas.parquet(table), footerMetadata(table));
  }

  /** What a file of {@code table} says about itself in its footer besides the Parquet schema. */
  static Map<String, String> footerMetadata(io.tracelake.model.schema.Table table) {
    // Spark reads its own schema back from this key: our files then read in Spark exactly as its own do
    return Map.of(
        TableSchemas.SPARK_ROW_METADATA, TableSchemas.spark(table).json(),
        "org.apache.spark.version", org.apache.spark.package$.MODULE$.SPARK_VERSION_SHORT());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  @Override
  public void write(T record) {
    codec.write(record, consumer);
  }

  @Override
  public FinalizedWriteContext finalizeWrite() {
    return new FinalizedWriteContext(Map.copyOf(closingFooter));
  }

  @Override
  public String getName() {
    return NAME;
  }
}
