package io.tracelake.jobs.run;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Progress: each stage's start and end at INFO with counts and rate, and the live line a terminal shows. */
class StagesTest {

  @Test
  void aStageLogsItsStartAndItsEndWithCountsAndRate() throws IOException {
    Logger logger = (Logger) LoggerFactory.getLogger(Stages.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      Stages stages = new Stages("2026-11-20");
      AtomicLong lines = new AtomicLong();
      stages.run("parse_and_write_events", () -> "3/3 input splits, " + stages.rate(lines.get(), "lines"),
          () -> lines.set(1_100_000));
      assertThat(appender.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.INFO);
      assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).satisfiesExactly(
          start -> assertThat(start).isEqualTo("2026-11-20 parse_and_write_events started"),
          end -> assertThat(end).matches("2026-11-20 parse_and_write_events done in \\d+\\.\\d s: 3/3 input splits, "
              + "1\\.1M lines(, [0-9.]+[kMG]? lines/s)?"));
      assertThat(stages.times()).extracting(RunReport.StageTime::stage).containsExactly("parse_and_write_events");
    } finally {
      logger.detachAppender(appender);
    }
  }

  @Test
  void countsAndRatesAreShortAndTheRateIsPerSecond() {
    assertThat(Stages.compact(950)).isEqualTo("950");
    assertThat(Stages.compact(1_234)).isEqualTo("1.2k");
    assertThat(Stages.compact(310_000)).isEqualTo("310k");
    assertThat(Stages.compact(1_100_000)).isEqualTo("1.1M");
    assertThat(Stages.rate(2_900_000, "lines", 2.0)).isEqualTo("2.9M lines, 1.5M lines/s");
  }

  @Test
  void theLiveLineShowsTheRunningStageAndIsClearedAtTheEnd() throws Exception {
    Stages stages = new Stages("2026-11-20");
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();
    java.util.concurrent.CountDownLatch drawn = new java.util.concurrent.CountDownLatch(1);
    try (LiveProgress progress = LiveProgress.start(stages, null, new PrintStream(terminal, true,
        StandardCharsets.UTF_8))) {
      stages.run("write_spans", () -> "12 spans", () -> {
        assertThat(progress.line()).matches("2026-11-20 write_spans \\d+ s: 12 spans");
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (terminal.size() == 0 && System.nanoTime() < deadline) {
          Thread.onSpinWait();
        }
        drawn.countDown();
      });
      assertThat(progress.line()).isNull();
    }
    assertThat(drawn.getCount()).isZero();
    String shown = terminal.toString(StandardCharsets.UTF_8);
    assertThat(shown).startsWith("\r2026-11-20 write_spans ").contains(": 12 spans").endsWith("\r");
    assertThat(LiveProgress.start(stages, null, null).line()).isNull();
  }
}
