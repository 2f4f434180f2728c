package io.tracelake.parsers.text;

import io.tracelake.parsers.FieldRole;
import io.tracelake.parsers.text.time.DatePattern;

/** One conversion of a compiled pattern layout: what it holds and how it is laid out on the line. */
final class LayoutField {

  enum Kind {
    DATE, LEVEL, THREAD, LOGGER, MESSAGE,
    /** One MDC key ({@code %X{traceId}}); {@link #role} says which event field it fills, if any. */
    MDC,
    /** The whole MDC ({@code %X}): {@code k=v, k=v}, in braces for Log4j2. */
    MDC_ALL,
    SERVICE, INSTANCE,
    /** Anything else the layout prints (%class, %line, %pid, a custom word): kept as an attribute. */
    ATTRIBUTE,
    /** Spring Boot's optional {@code [value] } groups (application name, group). */
    OPTIONAL_BRACKETS,
    /** Spring Boot's {@code %correlationId}: an optional {@code [traceId-spanId] } group. */
    CORRELATION
  }

  final Kind kind;
  /** The MDC key or attribute name; for OPTIONAL_BRACKETS the attribute name, or null for the service. */
  final String name;
  /** For MDC: TRACE_ID, SPAN_ID, PARENT_SPAN_ID, REQUEST_ID or null for an attribute. */
  final FieldRole role;
  final int minWidth;
  final boolean leftAligned;
  final int maxWidth;
  final DatePattern date;
  /** How the pattern wrote it, for rejection details ("%-5level"). */
  final String source;

  LayoutField(Kind kind, String name, FieldRole role, int minWidth, boolean leftAligned, int maxWidth,
      DatePattern date, String source) {
    this.kind = kind;
    this.name = name;
    this.role = role;
    this.minWidth = minWidth;
    this.leftAligned = leftAligned;
    this.maxWidth = maxWidth;
    this.date = date;
    this.source = source;
  }

  /** True when the field's own content tells where it ends, so that no separator need follow it. */
  boolean delimitsItself() {
    return kind == Kind.DATE || kind == Kind.OPTIONAL_BRACKETS || kind == Kind.CORRELATION;
  }

  /** Exactly this many characters wide (%15.15t), or 0. */
  int fixedWidth() {
    return minWidth > 0 && minWidth == maxWidth ? minWidth : 0;
  }
}
