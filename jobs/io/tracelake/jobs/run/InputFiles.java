package io.tracelake.jobs.run;

import io.tracelake.jobs.config.DatePlaceholders;
import io.tracelake.jobs.config.SourceConfig;
import io.tracelake.jobs.config.TracelakeConfig;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Lists the files of a day for every source, through Hadoop so that any file system URI works. */
final class InputFiles {

  private InputFiles() {}

  /**
   * @return the files, largest first so the longest tasks start first
   * @throws InputException when a source matches no file or a path cannot be listed
   */
  static List<InputFile> resolve(TracelakeConfig config, LocalDate date, Configuration hadoop) {
    return resolve(config, date, null, hadoop);
  }

  /**
   * The files of {@code neighbour}, read for the margin of {@code day}: only paths whose date placeholders
   * make them differ from the day's own (an undated path would be read twice), and no error when none exist.
   */
  static List<InputFile> resolveNeighbour(TracelakeConfig config, LocalDate neighbour, LocalDate day,
      Configuration hadoop) {
    return resolve(config, neighbour, day, hadoop);
  }

  private static List<InputFile> resolve(TracelakeConfig config, LocalDate date, LocalDate marginOf,
      Configuration hadoop) {
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
        throw new InputException("source '" + source.name() + "': no file matches "
            + String.join(" or ", source.paths().stream().map(p -> DatePlaceholders.expand(p, date)).toList())
            + " for " + date + "; check 'paths' in " + config.file());
      }
    }
    List<InputFile> sorted = new ArrayList<>(files.values());
    sorted.sort(Comparator.comparingLong(InputFile::bytes).reversed().thenComparing(InputFile::uri));
    return sorted;
  }

  /**
   * Cuts the large files that can be read from the middle (uncompressed, without a container envelope)
   * into splits of about {@code splitBytes}; the others stay whole. Longest first.
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
    tasks.sort(Comparator.comparingLong(InputFile::splitBytes).reversed().thenComparing(InputFile::uri)
        .thenComparingLong(InputFile::start));
    return tasks;
  }

  private static boolean splittable(InputFile file) {
    return file.source().parser().envelope() == null && !CompressedInput.isCompressed(file.uri());
  }

  private static boolean isHidden(Path path) {
    String name = path.getName();
    return name.startsWith(".") || name.startsWith("_");
  }
}
