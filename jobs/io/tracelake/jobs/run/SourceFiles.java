package io.tracelake.jobs.run;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files a run reads (the day's and its neighbours' margins), each with a number: a shuffle record names its
 * file by that number instead of by its URI. A URI is 50 to 150 bytes and a record about 300, so the number makes
 * the records that the shuffle writes and each partition's sort holds a sixth to a third smaller. Files are numbered
 * in the byte order of their URIs' UTF-8, so records sort by number as they would by URI; each file keeps the name of
 * the source it was read as, which the events table's {@code source} column gives.
 *
 * <p>A record may still name a file that is not listed, by its URI (a neighbour's committed events name files this
 * run never lists): {@link EventRecords} marks those with {@link #UNLISTED}.
 *
 * <p>A day may have tens of thousands of files: each parse task is given only its own file's number
 * ({@link ParseSplit.Numbered}), and the write-and-rebuild tasks read the list from a broadcast, once per executor.
 */
final class SourceFiles implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The number a record gives a file that is not listed; its URI follows. Above every listed file's number. */
  static final int UNLISTED = -1;

  private final String[] uris;
  private final String[] sources;
  // made on first use, where they are used (the numbers on the driver, the bytes in the tasks); volatile: an
  // executor's tasks share one broadcast copy, and a thread must see a finished array, not one being filled
  private transient volatile byte[][] utf8;
  private transient volatile Map<String, Integer> numbers;

  private SourceFiles(String[] uris, String[] sources) {
    this.uris = uris;
    this.sources = sources;
  }

  /** The files of these inputs, numbered; a file listed twice (a split file, or one in two lists) counts once. */
  static SourceFiles of(Collection<InputFile> inputs) {
    Map<String, String> sourceByUri = new LinkedHashMap<>();
    for (InputFile input : inputs) {
      sourceByUri.putIfAbsent(input.uri(), input.source().name());
    }
    return of(sourceByUri);
  }

  /** These files, numbered, each with the name of the source it is read as. */
  static SourceFiles of(Map<String, String> sourceByUri) {
    byte[][] utf8 = new byte[sourceByUri.size()][];
    String[] uris = sourceByUri.keySet().toArray(String[]::new);
    Integer[] order = new Integer[uris.length];
    for (int i = 0; i < uris.length; i++) {
      utf8[i] = uris[i].getBytes(StandardCharsets.UTF_8);
      order[i] = i;
    }
    // the UTF-8 bytes' order, as records compared by URI sorted (String.compareTo differs past U+FFFF)
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(utf8[a], utf8[b]));
    String[] sortedUris = new String[uris.length];
    String[] sortedSources = new String[uris.length];
    for (int i = 0; i < order.length; i++) {
      sortedUris[i] = uris[order[i]];
      sortedSources[i] = sourceByUri.get(sortedUris[i]);
    }
    return new SourceFiles(sortedUris, sortedSources);
  }

  /** How many files are listed. */
  int size() {
    return uris.length;
  }

  /** The number of the file at {@code uri}, or {@link #UNLISTED}. */
  int number(String uri) {
    Map<String, Integer> byUri = numbers;
    if (byUri == null) {
      byUri = new HashMap<>(uris.length * 2);
      for (int i = 0; i < uris.length; i++) {
        byUri.put(uris[i], i);
      }
      numbers = byUri;
    }
    return byUri.getOrDefault(uri, UNLISTED);
  }

  /** The URI of file {@code number}. */
  String uri(int number) {
    return uris[number];
  }

  /** The URI of file {@code number} as UTF-8, the same array each time (callers must not change it). */
  byte[] utf8(int number) {
    byte[][] bytes = utf8;
    if (bytes == null) {
      bytes = new byte[uris.length][];
      for (int i = 0; i < uris.length; i++) {
        bytes[i] = uris[i].getBytes(StandardCharsets.UTF_8);
      }
      utf8 = bytes;
    }
    return bytes[number];
  }

  /** The name of the source file {@code number} was read as. */
  String source(int number) {
    return sources[number];
  }
}
