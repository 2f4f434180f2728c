package io.tracelake.simulator;

import java.util.List;

/**
 * A request one instance served (a SERVER span) as its access log sees it: who sent it, when it arrived
 * and was answered at the host's clock, and the request and response details a server logs. Details a
 * simulation has no notion of (addresses, user agents, byte counts) are derived from the ids, so the same
 * request always looks the same.
 *
 * @param client the host that sent it, null for a user on the internet
 */
record ServedRequest(long hostTimeUs, long sequence, SimulatedSpan span, Host client)
    implements Comparable<ServedRequest> {

  private static final List<String> BROWSERS = List.of(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
          + "Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 "
          + "Safari/605.1.15",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          + "Version/18.1 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
      "shop-app/4.12.0 (Android 14; Pixel 8)");
  private static final String[] PUBLIC_NETWORKS = {"203.0.113.", "198.51.100.", "192.0.2."};

  /** When the request arrived, at the host's clock. */
  long startUs() {
    return span.startUs + span.host.clockSkewUs();
  }

  /** When the response was sent, at the host's clock. */
  long endUs() {
    return span.endUs + span.host.clockSkewUs();
  }

  long durationUs() {
    return span.endUs - span.startUs;
  }

  /** The time the application behind the server took: a little less than the whole request. */
  long upstreamUs() {
    return Math.max(0, durationUs() - 150 - Math.floorMod(idBits(), 400));
  }

  String method() {
    return span.httpMethod;
  }

  String path() {
    return span.httpPath;
  }

  int status() {
    return span.statusCode;
  }

  String remoteAddress() {
    if (client == null) {
      long bits = traceBits();
      return PUBLIC_NETWORKS[(int) Math.floorMod(bits, PUBLIC_NETWORKS.length)] + (1 + Math.floorMod(bits >>> 8, 254));
    }
    return address(client);
  }

  String userAgent() {
    if (client == null) {
      return BROWSERS.get((int) Math.floorMod(traceBits() >>> 16, BROWSERS.size()));
    }
    return client.service().equals(ShopTopology.GATEWAY) ? "ReactorNetty/1.1.23" : "Java-http-client/21.0.5";
  }

  long requestBytes() {
    return "GET".equals(method()) || "DELETE".equals(method()) ? 0 : 60 + Math.floorMod(idBits() >>> 12, 700);
  }

  long responseBytes() {
    if (span.error()) {
      return 90 + Math.floorMod(idBits() >>> 24, 120);
    }
    return 180 + Math.floorMod(idBits() >>> 24, 5200);
  }

  /** The trace id as a UUID, e.g. the x-request-id an Envoy proxy propagates. */
  String requestUuid() {
    String id = span.traceId;
    return id.substring(0, 8) + '-' + id.substring(8, 12) + '-' + id.substring(12, 16) + '-'
        + id.substring(16, 20) + '-' + id.substring(20);
  }

  /** The private address of a host: 10.0.x.y, unique per host. */
  static String address(Host host) {
    return "10.0." + (1 + host.index() / 200) + "." + (10 + host.index() % 200);
  }

  @Override
  public int compareTo(ServedRequest other) {
    int byTime = Long.compare(hostTimeUs, other.hostTimeUs);
    return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
  }

  private long idBits() {
    return Long.parseUnsignedLong(span.spanId, 16);
  }

  private long traceBits() {
    return Long.parseUnsignedLong(span.traceId.substring(16), 16);
  }
}
