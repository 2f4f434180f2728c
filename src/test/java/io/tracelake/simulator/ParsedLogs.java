package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.tracelake.jobs.config.ConfigLoader;
import io.tracelake.jobs.config.DatePlaceholders;
import io.tracelake.jobs.config.NameSource;
import io.tracelake.jobs.config.ParserSpecs;
import io.tracelake.jobs.config.SourceConfig;
import io.tracelake.jobs.config.TracelakeConfig;
import io.tracelake.jobs.run.LogFileInput;
import io.tracelake.model.LogEvent;
import io.tracelake.model.ParsedLine;
import io.tracelake.parsers.FileContext;
import io.tracelake.parsers.LineParsers;
import io.tracelake.parsers.LogFileParser;
import io.tracelake.parsers.ParserSpec;
import io.tracelake.parsers.PathAttribution;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A generated day's logs parsed as {@code tracelake run} parses them, without Spark: each file by the
 * source of the generated config whose paths match it, through the same parsers and trace context
 * resolution. Every log file of the day must match exactly one source, and no line may be rejected.
 */
final class ParsedLogs {

  /** One event and where it came from. */
  record Parsed(String source, String format, Path file, LogEvent event) {}

  private ParsedLogs() {}

  static List<Parsed> parse(Path configFile, LocalDate date) throws IOException {
    TracelakeConfig config = ConfigLoader.load(configFile);
    Path dayDirectory = configFile.getParent().resolve("logs").resolve(date.toString());
    List<Path> files;
    try (Stream<Path> walk = Files.walk(dayDirectory)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    Map<Path, String> matchedBy = new HashMap<>();
    List<Parsed> events = new ArrayList<>();
    for (SourceConfig source : config.sources()) {
      ParserSpec spec = ParserSpecs.of(source);
      for (String glob : source.paths()) {
        Pattern regex = globRegex(DatePlaceholders.expand(glob, date));
        for (Path file : files) {
          String path = file.toAbsolutePath().normalize().toString();
          if (!regex.matcher(path).matches()) {
            continue;
          }
          assertThat(matchedBy.put(file, source.name())).as("%s is matched by one source", file).isNull();
          try (InputStream in = LogFileInput.open(path)) {
            LogFileParser parser = LineParsers.forFile(in, spec, new FileContext(date, spec.zone()),
                name(source.service(), path), name(source.instance(), path), config.maxLineBytes());
            while (parser.hasNext()) {
              ParsedLine line = parser.next();
              assertThat(line.isEvent()).as("%s line %d: %s", file, line.lineNumber(), line.reject()).isTrue();
              events.add(new Parsed(source.name(), source.format(), file, line.event()));
            }
          }
        }
      }
    }
    assertThat(files).as("every file of the day is read by a source").allMatch(matchedBy::containsKey);
    return events;
  }

  /** A config path glob as Hadoop reads it: * does not cross a slash. */
  private static Pattern globRegex(String glob) {
    return Pattern.compile(Pattern.quote(glob).replace("*", "\\E[^/]*\\Q"));
  }

  private static String name(NameSource names, String path) {
    if (names == null) {
      return null;
    }
    return names.path() != null ? PathAttribution.compile(names.path()).valueFor(path) : names.value();
  }
}
