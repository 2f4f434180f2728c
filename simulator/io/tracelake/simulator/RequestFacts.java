package io.tracelake.simulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;

/** Who asks for what in one request: the ids that appear in its paths, keys and messages. */
record RequestFacts(long userId, long productId, long orderId, int queryIndex) {

  /** Search terms; some carry quotes, backslashes and non-ASCII letters, which log lines must escape. */
  private static final List<String> QUERIES = List.of(
      "running shoes", "wool socks", "café au lait mug", "Bücherregal", "\"noise cancelling\" headphones",
      "チョコレート", "lamp 60W", "kids' raincoat", "usb-c \\ thunderbolt cable", "espresso machine");
  private static final List<String> ENCODED_QUERIES = QUERIES.stream()
      .map(q -> URLEncoder.encode(q, StandardCharsets.UTF_8)).toList();

  static final int PRODUCTS = 20_000;

  static RequestFacts draw(SplittableRandom random) {
    return new RequestFacts(
        10_000 + random.nextInt(90_000),
        drawProduct(random),
        100_000 + random.nextInt(900_000),
        random.nextInt(QUERIES.size()));
  }

  /** Product ids, popular ones (low ids) more often than the long tail. */
  static long drawProduct(SplittableRandom random) {
    double u = random.nextDouble();
    return 1 + (long) (u * u * PRODUCTS);
  }

  static String sku(long productId) {
    return "SKU-" + productId;
  }

  String sku() {
    return sku(productId);
  }

  String query() {
    return QUERIES.get(queryIndex);
  }

  String encodedQuery() {
    return ENCODED_QUERIES.get(queryIndex);
  }
}
