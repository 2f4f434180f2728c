package io.tracelake.model;

/** Why a line did not become an event; {@link #code()} is the value stored in the rejects table. */
public enum RejectReason {
  BLANK_LINE("blank_line"),
  LINE_TOO_LONG("line_too_long"),
  INVALID_UTF8("invalid_utf8"),
  MALFORMED_JSON("malformed_json"),
  NOT_AN_OBJECT("not_an_object"),
  MISSING_TIMESTAMP("missing_timestamp"),
  BAD_TIMESTAMP("bad_timestamp"),
  /** A text line that the configured pattern, grok or regex does not match. */
  NO_MATCH("no_match"),
  /** A Docker json-file or CRI envelope that is not well-formed. */
  BAD_ENVELOPE("bad_envelope"),
  /** The parser itself failed on the line: a bug of ours, kept as data so the job goes on. */
  PARSER_ERROR("parser_error"),
  /** A pattern gave up on the line after its step budget: the line would have cost minutes of CPU. */
  LINE_TOO_COSTLY("line_too_costly");

  private final String code;

  RejectReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
