package io.tracelake.jobs.run;

import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayBasedMapData;
import org.apache.spark.sql.catalyst.util.GenericArrayData;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * Values in Spark's internal form, for the functions that hand Spark {@link InternalRow}s directly: an
 * external {@code Row} costs a conversion per value on the way in (createDataFrame's encoder, 12% of the
 * parse stage in the profile) and per value on the way out (createExternalRow).
 */
final class CatalystValues {

  private CatalystValues() {}

  static UTF8String utf8(String s) {
    return s == null ? null : UTF8String.fromString(s);
  }

  static String string(InternalRow row, int ordinal) {
    return row.isNullAt(ordinal) ? null : row.getUTF8String(ordinal).toString();
  }

  static ArrayBasedMapData map(Map<String, String> map) {
    Object[] keys = new Object[map.size()];
    Object[] values = new Object[map.size()];
    int i = 0;
    for (Map.Entry<String, String> entry : map.entrySet()) {
      keys[i] = UTF8String.fromString(entry.getKey());
      values[i] = utf8(entry.getValue());
      i++;
    }
    return new ArrayBasedMapData(new GenericArrayData(keys), new GenericArrayData(values));
  }
}
