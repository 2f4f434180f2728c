package io.tracelake.jobs.run;

import io.tracelake.jobs.config.DatePlaceholders;
import io.tracelake.jobs.config.SourceConfig;
import io.tracelake.jobs.config.TracelakeConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Lists the files of a day for every source, through Hadoop so that any file system URI works. */
final class InputFiles {

  private InputFiles() {}

  /**
   * @param warnings gets one line per optional source that has no file for the day
   * @return the files, largest first so the longest tasks start first
   * @throws InputException when a source that is not optional matches no file, no source does, or a path
   *     cannot be listed
   */
  static List<InputFile> resolve(TracelakeConfig config, LocalDate date, Configuration hadoop, List<String> warnings) {
    List<InputFile> files = resolve(config, date, null, hadoop, warnings);
    if (files.isEmpty()) {
      throw new InputException("no source has a file for " + date + " (every source without one is optional); "
          + "check 'paths' in " + config.file());
    }
    return files;
  }

  /**
   * The files of {@code neighbour}, read for the margin of {@code day}: only paths whose date placeholders
   * make them differ from the day's own (an undated path would be read twice), and no error when none exist.
   */
  static List<InputFile> resolveNeighbour(TracelakeConfig config, LocalDate neighbour, LocalDate day,
      Configuration hadoop) {
    return resolve(config, neighbour, day, hadoop, new ArrayList<>());
  }

  private static List<InputFile> resolve(TracelakeConfig config, LocalDate date, LocalDate marginOf,
      Configuration hadoop, List<String> warnings) {
    Map<String, InputFile> files = new LinkedHashMap<>();
    for (SourceConfig source : config.sources()) {
      SourceSettings settings = new SourceSettings(source, config.maxLineBytes(), config.redactionFor(source.name()));
      int matched = 0;
      List<String> hidden = new ArrayList<>();
      for (String pattern : source.paths()) {
        String expanded = DatePlaceholders.expand(pattern, date);
        if (marginOf != null && expanded.equals(DatePlaceholders.expand(pattern, marginOf))) {
          continue;
        }
        FileStatus[] statuses;
        try {
          Path path = new Path(expanded);
          FileSystem fs = path.getFileSystem(hadoop);
          statuses = globStatus(fs, path);
        } catch (IOException | IllegalArgumentException e) {
          throw new InputException("source '" + source.name() + "': cannot list " + expanded + ": " + e.getMessage());
        }
        if (statuses == null) {
          continue;
        }
        for (FileStatus status : statuses) {
          if (status.isFile() && isHidden(status.getPath())) {
            hidden.add(status.getPath().toString());
          } else if (status.isFile()) {
            String uri = status.getPath().toString();
            // a file matched by two sources is read once, as the first source that names it
            if (files.putIfAbsent(uri, InputFile.whole(uri, status.getLen(), settings)) == null) {
              matched++;
            }
          }
        }
      }
      if (!hidden.isEmpty() && marginOf == null) {
        // skipped as Hadoop's own tools skip them (.crc checksums, _SUCCESS markers), but never without a word
        warnings.add("source '" + source.name() + "': skipped " + hidden.size() + " files the paths match whose "
            + "names start with '.' or '_' (hidden to Hadoop tools; rename them to read them): "
            + String.join(", ", hidden));
      }
      if (matched == 0 && marginOf == null) {
        String missing = "source '" + source.name() + "': no file matches "
            + String.join(" or ", source.paths().stream().map(p -> DatePlaceholders.expand(p, date)).toList())
            + " for " + date;
        if (!source.isOptional()) {
          throw new InputException(missing + "; check 'paths' in " + config.file());
        }
        warnings.add(missing + "; the source is optional, the day is read without it");
      }
    }
    List<InputFile> sorted = new ArrayList<>(files.values());
    sorted.sort(Comparator.comparingLong(InputFile::bytes).reversed().thenComparing(InputFile::uri));
    return sorted;
  }

  /** The smallest split size the run chooses: Spark's own default for files it reads in splits. */
  static final long MIN_AUTOMATIC_SPLIT_BYTES = 128L << 20;
  /** Tasks per core a day's parse is cut into, at least, when the run chooses the split size. */
  static final int TASKS_PER_SLOT = 4;

  /**
   * The split size of a day: {@code configured} when the config sets one, else the larger of {@link
   * #MIN_AUTOMATIC_SPLIT_BYTES} and a {@link #TASKS_PER_SLOT}th of a core's share of the day's bytes. A split
   * costs a pass over its file before the parse (each split must know the number of its first line, so the
   * line feeds before it are counted), which pays only where the file would otherwise hold up the stage: a file
   * of at most a quarter of a core's share ends, at worst, a quarter of that share after the others. A day of
   * two dozen files on a laptop is read without that pass; one file of a day, or a day on many cores, is split
   * as before.
   *
   * @param slots the tasks that run at once (the cores of a local run)
   */
  static long splitBytes(long configured, List<InputFile> files, int slots) {
    if (configured > 0) {
      return configured;
    }
    long total = files.stream().mapToLong(InputFile::bytes).sum();
    long pieces = (long) Math.max(1, slots) * TASKS_PER_SLOT;
    return Math.max(MIN_AUTOMATIC_SPLIT_BYTES, (total + pieces - 1) / pieces);
  }

  /**
   * Cuts the large files that can be read from the middle (uncompressed, without a container envelope)
   * into splits of about {@code splitBytes}; the others stay whole. In the order of {@link #spreadEvenly}.
   */
  static List<InputFile> split(List<InputFile> files, long splitBytes) {
    List<InputFile> tasks = new ArrayList<>();
    for (InputFile file : files) {
      if (file.bytes() <= splitBytes || !splittable(file)) {
        tasks.add(file);
        continue;
      }
      long count = (file.bytes() + splitBytes - 1) / splitBytes;
      long size = (file.bytes() + count - 1) / count;
      for (long start = 0; start < file.bytes(); start += size) {
        tasks.add(new InputFile(file.uri(), file.bytes(), file.source(), start, Math.min(file.bytes(), start + size),
            0));
      }
    }
    return spreadEvenly(tasks);
  }

  /**
   * Orders tasks so that any run of neighbouring tasks holds about its share of the bytes: the running
   * total after the i-th task stays within one task's size of {@code i/n} of the whole.
   *
   * <p>The parse stage coalesces its tasks into a few output files, and Spark's coalesce (no shuffle,
   * no locality) gives each output the tasks of one contiguous range. Largest first put three quarters
   * of a 1M-line day in the first of two outputs, so one core sat idle for a third of the stage.
   */
  static List<InputFile> spreadEvenly(List<InputFile> tasks) {
    List<InputFile> sorted = new ArrayList<>(tasks);
    sorted.sort(Comparator.comparingLong(InputFile::splitBytes).reversed().thenComparing(InputFile::uri)
        .thenComparingLong(InputFile::start));
    TreeMap<Long, ArrayDeque<InputFile>> bySize = new TreeMap<>();
    long total = 0;
    for (InputFile task : sorted) {
      bySize.computeIfAbsent(task.splitBytes(), size -> new ArrayDeque<>()).add(task);
      total += task.splitBytes();
    }
    int n = sorted.size();
    List<InputFile> order = new ArrayList<>(n);
    long placed = 0;
    for (int i = 1; i <= n; i++) {
      // the size that brings the running total closest to its share; on a tie the larger one
      long want = Math.round(total * ((double) i / n)) - placed;
      Long below = bySize.floorKey(want);
      Long above = bySize.ceilingKey(want);
      long size = below == null ? above : above == null ? below : above - want <= want - below ? above : below;
      ArrayDeque<InputFile> same = bySize.get(size);
      order.add(same.poll());
      if (same.isEmpty()) {
        bySize.remove(size);
      }
      placed += size;
    }
    return order;
  }

  private static boolean splittable(InputFile file) {
    return file.source().parser().envelope() == null && !CompressedInput.isCompressed(file.uri());
  }

  /**
   * The files and directories the glob matches. Hadoop's local file system cannot list a directory holding a name
   * with a ':' (it parses each name as a URI: "Relative path in absolute URI"), which failed the whole run; such a
   * directory is listed through java.nio instead, with the same glob syntax, and its names made into Hadoop paths
   * from URIs, which keep the ':' as part of the name.
   */
  static FileStatus[] globStatus(FileSystem fs, Path pattern) throws IOException {
    try {
      return fs.globStatus(pattern);
    } catch (IllegalArgumentException e) {
      if (!(e.getCause() instanceof java.net.URISyntaxException) || !"file".equals(fs.getUri().getScheme())) {
        throw e;
      }
      return localGlob(fs, pattern);
    }
  }

  private static FileStatus[] localGlob(FileSystem fs, Path pattern) throws IOException {
    String glob = Path.getPathWithoutSchemeAndAuthority(pattern).toString();
    java.nio.file.Path base = java.nio.file.Path.of("/");
    int depth = 0;
    for (String part : glob.substring(1).split("/")) {
      if (depth == 0 && !part.matches(".*[*?\\[{].*")) {
        base = base.resolve(part);
      } else {
        depth++;
      }
    }
    java.nio.file.PathMatcher matcher = java.nio.file.FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<FileStatus> matched = new ArrayList<>();
    if (!java.nio.file.Files.exists(base)) {
      return null;
    }
    try (java.util.stream.Stream<java.nio.file.Path> walk = java.nio.file.Files.walk(base, depth)) {
      for (java.nio.file.Path file : (Iterable<java.nio.file.Path>) walk::iterator) {
        if (matcher.matches(file)) {
          matched.add(fs.getFileStatus(new Path(file.toUri())));
        }
      }
    }
    matched.sort(Comparator.comparing(FileStatus::getPath));
    return matched.toArray(new FileStatus[0]);
  }

  private static boolean isHidden(Path path) {
    String name = path.getName();
    return name.startsWith(".") || name.startsWith("_");
  }
}
