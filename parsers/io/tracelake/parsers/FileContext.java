package io.tracelake.parsers;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * What a parser knows about the file it reads beyond its lines: the day the file holds (to complete
 * times logged without a date or a year) and the zone of times logged without an offset.
 */
public record FileContext(LocalDate fileDate, ZoneId zone) {
  public FileContext {
    Objects.requireNonNull(fileDate, "fileDate");
    Objects.requireNonNull(zone, "zone");
  }
}
