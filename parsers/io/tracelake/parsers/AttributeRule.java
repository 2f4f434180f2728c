package io.tracelake.parsers;

import java.io.Serializable;

/**
 * Where a value declared in a source's config comes from, for each event: a fixed {@code value}, the
 * event's attribute named {@code field}, or the message matching {@code pattern} (the value is then
 * {@code value} when set, else the pattern's first capture group). As a marker (a span's start or end),
 * the rule holds when the message matches {@code pattern}, or when attribute {@code field} is present
 * (and equals {@code value}, when set).
 */
public record AttributeRule(String value, String field, String pattern) implements Serializable {

  private static final long serialVersionUID = 1L;
}
