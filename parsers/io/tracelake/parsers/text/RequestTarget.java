package io.tracelake.parsers.text;

/**
 * Splits what a log says was requested into path and query: a path ({@code /a?b=1}), a full URL
 * ({@code https://host/a?b=1}) or a whole request line ({@code GET /a?b=1 HTTP/1.1}).
 */
public record RequestTarget(String method, String path, String query, String protocol) {

  /** The parts of a request target or line; null when the text is null, blank or "-". */
  public static RequestTarget of(String text) {
    if (text == null) {
      return null;
    }
    String target = text.trim();
    if (target.isEmpty() || target.equals("-")) {
      return null;
    }
    String method = null;
    String protocol = null;
    int space = target.indexOf(' ');
    if (space > 0) {
      method = target.substring(0, space);
      target = target.substring(space + 1).trim();
      int last = target.lastIndexOf(' ');
      if (last > 0 && target.startsWith("HTTP/", last + 1)) {
        protocol = target.substring(last + 1);
        target = target.substring(0, last).trim();
      }
    }
    int scheme = target.indexOf("://");
    if (scheme > 0 && scheme < 10) {
      int slash = target.indexOf('/', scheme + 3);
      target = slash < 0 ? "/" : target.substring(slash);
    }
    int question = target.indexOf('?');
    if (question < 0) {
      return new RequestTarget(method, target, null, protocol);
    }
    String query = target.substring(question + 1);
    return new RequestTarget(method, target.substring(0, question), query.isEmpty() ? null : query, protocol);
  }
}
