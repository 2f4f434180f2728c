package io.tracelake.jobs.aggregate;

import java.util.Comparator;
import java.util.List;

/** The keys of aggregate groups (a table's key columns' values, in order) and the order their rows are written in. */
public final class GroupKeys {

  /** Column by column; keys of one table have the same length. */
  public static final Comparator<List<String>> ORDER = GroupKeys::compare;

  private GroupKeys() {}

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
