package io.tracelake.jobs.run;

import org.apache.spark.ShuffleDependency;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.rdd.ShuffledRDD;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Stage 3 of the nightly run: the correlated events shuffled by trace id, every event of a trace into one
 * partition. The reading task sorts its partition by trace, time, file and line ({@link SortedByTrace}): Spark's
 * own sort of a shuffle held each record as Java objects until the partition was read. Records cross the shuffle
 * as their two byte arrays ({@link BytePairSerializer}).
 */
final class Shuffle {

  private Shuffle() {}

  static JavaPairRDD<byte[], byte[]> byTrace(JavaPairRDD<byte[], byte[]> records, int partitions) {
    // a ShuffledRDD of our own rather than partitionBy, to give it its serializer; partitionBy's shortcut for
    // records already partitioned alike never applies here: they come straight from the parse
    ClassTag<byte[]> bytes = ClassTag$.MODULE$.apply(byte[].class);
    ShuffledRDD<byte[], byte[], byte[]> shuffled =
        new ShuffledRDD<>(records.rdd(), new EventRecords.ByTrace(partitions), bytes, bytes, bytes);
    shuffled.setSerializer(new BytePairSerializer());
    return JavaPairRDD.fromRDD(shuffled, bytes, bytes);
  }

  /**
   * Runs the map side of the shuffle now (the parse, and the shuffle files written), so the parse is a stage of
   * its own in the report; the write-and-rebuild job then only reads the shuffle.
   */
  static void runMapSide(SparkContext spark, JavaPairRDD<byte[], byte[]> shuffled) {
    ShuffleDependency<?, ?, ?> dependency = (ShuffleDependency<?, ?, ?>) shuffled.rdd().dependencies().head();
    try {
      spark.submitMapStage(dependency).get();
    } catch (org.apache.spark.SparkException e) {
      // as an action would fail: the job's failure, its cause kept
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
