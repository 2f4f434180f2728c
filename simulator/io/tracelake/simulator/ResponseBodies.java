package io.tracelake.simulator;

/**
 * The response body a request now and then logs at DEBUG: a JSON document of 17 to 48 KiB, longer than
 * the 16 KiB line buffer of container runtimes, so that their partial entries occur. Chosen and built
 * from the span id, without drawing from the simulation's random streams, so the traces stay the same.
 */
final class ResponseBodies {
  private static final int MIN_BYTES = 17 * 1024;
  private static final int SPREAD_BYTES = 31 * 1024;

  private ResponseBodies() {}

  /** Whether {@code span} logs its body: about one in {@code odds}. */
  static boolean logs(SimulatedSpan span, int odds) {
    return Long.remainderUnsigned(Long.parseUnsignedLong(span.spanId, 16), odds) == 0;
  }

  /**
   * {@code Response body: {"items":[...],"traceId":"..."}}, ASCII only; a service that knows only a
   * request id returns that, as {@code "requestId"}.
   */
  static String message(SimulatedSpan span, IdMode ids) {
    long id = Long.parseUnsignedLong(span.spanId, 16);
    int target = MIN_BYTES + (int) Long.remainderUnsigned(id >>> 8, SPREAD_BYTES);
    StringBuilder body = new StringBuilder(target + 200).append("Response body: {\"items\":[");
    long product = 1 + Long.remainderUnsigned(id >>> 20, 5000);
    while (body.length() < target) {
      if (body.charAt(body.length() - 1) != '[') {
        body.append(',');
      }
      body.append("{\"sku\":\"SKU-").append(product).append("\",\"name\":\"Product ").append(product)
          .append("\",\"price\":{\"amount\":").append(199 + product * 37 % 9800)
          .append(",\"currency\":\"EUR\"},\"available\":").append(product % 7 != 0).append('}');
      product += 13;
    }
    if (ids == IdMode.REQUEST) {
      return body.append("],\"requestId\":\"").append(IdMode.requestId(span.traceId)).append("\"}").toString();
    }
    return body.append("],\"traceId\":\"").append(span.traceId).append("\"}").toString();
  }
}
