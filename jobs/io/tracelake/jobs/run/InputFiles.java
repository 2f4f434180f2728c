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
      SourceSettings settings = new SourceSettings(source, config.maxLineBytes());
      int matched = 0;
      for (String pattern : source.paths()) {
        String expanded = DatePlaceholders.expand(pattern, date);
        if (marginOf != null && expanded.equals(DatePlaceholders.expand(pattern, marginOf))) {
          continue;
        }
        FileStatus[] statuses;
        try {
          Path path = new Path(expanded);
          FileSystem fs = path.getFileSystem(hadoop);
          statuses = fs.globStatus(path);
        } catch (IOException | IllegalArgumentException e) {
          throw new InputException("source '" + source.name() + "': cannot list " + expanded + ": " + e.getMessage());
        }
        if (statuses == null) {
          continue;
        }
        for (FileStatus status : statuses) {
          if (status.isFile() && !isHidden(status.getPath())) {
            String uri = status.getPath().toString();
            // a file matched by two sources is read once, as the first source that names it
            if (files.putIfAbsent(uri, InputFile.whole(uri, status.getLen(), settings)) == null) {
              matched++;
            }
          }
        }
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

  private static boolean isHidden(Path path) {
    String name = path.getName();
    return name.startsWith(".") || name.startsWith("_");
  }
}
