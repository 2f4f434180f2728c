package io.tracelake.jobs.run;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The attributes an event carries into the rebuild ({@link EventRecord#forRebuild}): a value per name of a short,
 * fixed list, the names the rebuild reads. The rebuild asks for them by the same constant Strings, found here by
 * identity without a hash; an event's map is two small arrays, not a hash map's table and nodes (one per event of
 * the day). Read-only.
 */
final class RebuildAttributes extends AbstractMap<String, String> {
  private final String[] names;
  private final String[] values;

  /** @param names the names a value may have, shared by every event's map (never changed) */
  RebuildAttributes(String[] names) {
    this.names = names;
    this.values = new String[names.length];
  }

  /** Sets the value of the name {@code names[slot]}; null takes it out. */
  void set(int slot, String value) {
    values[slot] = value;
  }

  @Override
  public String get(Object name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i] == name) {
        return values[i];
      }
    }
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return values[i];
      }
    }
    return null;
  }

  @Override
  public boolean containsKey(Object name) {
    return get(name) != null;
  }

  @Override
  public int size() {
    int size = 0;
    for (String value : values) {
      size += value == null ? 0 : 1;
    }
    return size;
  }

  @Override
  public Set<Map.Entry<String, String>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Map.Entry<String, String>> iterator() {
        return new Iterator<>() {
          private int slot = nextSet(0);

          private int nextSet(int from) {
            int i = from;
            while (i < values.length && values[i] == null) {
              i++;
            }
            return i;
          }

          @Override
          public boolean hasNext() {
            return slot < values.length;
          }

          @Override
          public Map.Entry<String, String> next() {
            if (slot >= values.length) {
              throw new NoSuchElementException();
            }
            Map.Entry<String, String> entry = new SimpleImmutableEntry<>(names[slot], values[slot]);
            slot = nextSet(slot + 1);
            return entry;
          }
        };
      }

      @Override
      public int size() {
        return RebuildAttributes.this.size();
      }
    };
  }
}
