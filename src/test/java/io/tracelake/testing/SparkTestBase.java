package io.tracelake.testing;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeEach;

/**
 * JUnit 5 face of spark-testing-base: one local SparkSession for the whole test JVM (it is never
 * stopped between classes), and its DataFrame assertions.
 */
public abstract class SparkTestBase extends JavaDataFrameSuiteBase {

  @BeforeEach
  void startSharedSpark() {
    runBefore();
  }

  @Override
  public boolean enableHiveSupport() {
    return false;
  }

  /** The same rows with every column nullable, so that frames from different sources compare by data. */
  protected Dataset<Row> nullable(Dataset<Row> frame) {
    StructType schema = new StructType(java.util.Arrays.stream(frame.schema().fields())
        .map(f -> new StructField(f.name(), f.dataType(), true, f.metadata())).toArray(StructField[]::new));
    return spark().createDataFrame(frame.rdd(), schema);
  }
}
