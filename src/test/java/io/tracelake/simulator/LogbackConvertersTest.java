package io.tracelake.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogbackConvertersTest {

  /** The examples of Logback's manual for %logger{length}. */
  @Test
  void abbreviatesLoggerNamesAsLogbackDoes() {
    String name = "mainPackage.sub.sample.Bar";
    assertThat(LogbackConverters.abbreviate(name, 5)).isEqualTo("m.s.s.Bar");
    assertThat(LogbackConverters.abbreviate(name, 10)).isEqualTo("m.s.s.Bar");
    assertThat(LogbackConverters.abbreviate(name, 15)).isEqualTo("m.s.sample.Bar");
    assertThat(LogbackConverters.abbreviate(name, 16)).isEqualTo("m.sub.sample.Bar");
    assertThat(LogbackConverters.abbreviate(name, 26)).isEqualTo("m.sub.sample.Bar");
    assertThat(LogbackConverters.abbreviate(name, 27)).isEqualTo(name);
    assertThat(LogbackConverters.abbreviate("com.shop.recommendations.repository.PurchaseHistoryRepository", 39))
        .isEqualTo("c.s.r.r.PurchaseHistoryRepository");
    assertThat(LogbackConverters.abbreviate("org.springframework.boot.web.embedded.tomcat.TomcatWebServer", 39))
        .isEqualTo("o.s.b.w.embedded.tomcat.TomcatWebServer");
  }

  @Test
  void padsAndCutsFromTheLeft() {
    StringBuilder out = new StringBuilder();
    LogbackConverters.appendRightAligned(out, "http-nio-8080-exec-1", 15);
    LogbackConverters.appendRightAligned(out, "main", 6);
    LogbackConverters.appendLeftAligned(out, "INFO", 5);
    assertThat(out.toString()).isEqualTo("nio-8080-exec-1  mainINFO ");
  }
}
