package io.tracelake.simulator;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The hosts that run the services: two to four instances each (the gateway two), each with its own
 * clock skew and log time zone, all drawn from the seed.
 */
final class Fleet {
  /** By default, no host's clock is further than this from true time. */
  static final long MAX_CLOCK_SKEW_US = 25_000;

  private static final double SYNCHRONISED_SHARE = 0.25;
  static final ZoneOffset[] OTHER_ZONES = {
      ZoneOffset.ofHours(1), ZoneOffset.ofHours(-5), ZoneOffset.ofHoursMinutes(5, 30)};
  private static final double UTC_SHARE = 0.75;

  private final List<Host> hosts;
  private final Map<String, Host[]> hostsByService;

  private Fleet(List<Host> hosts, Map<String, Host[]> hostsByService) {
    this.hosts = List.copyOf(hosts);
    this.hostsByService = hostsByService;
  }

  static Fleet create(List<String> services, String gateway, SplittableRandom random) {
    return create(services, gateway, random, MAX_CLOCK_SKEW_US);
  }

  /** @param maxSkewUs no host's clock is further than this from true time; 0 for perfect clocks */
  static Fleet create(List<String> services, String gateway, SplittableRandom random, long maxSkewUs) {
    List<Host> hosts = new ArrayList<>();
    Map<String, Host[]> byService = new HashMap<>();
    for (String service : services) {
      int count = service.equals(gateway) ? 2 : 2 + random.nextInt(3);
      Host[] instances = new Host[count];
      for (int i = 0; i < count; i++) {
        Host host = new Host(hosts.size(), service, service + "-" + (i + 1), drawSkew(random, maxSkewUs), drawZone(random));
        instances[i] = host;
        hosts.add(host);
      }
      byService.put(service, instances);
    }
    return new Fleet(hosts, byService);
  }

  private static long drawSkew(SplittableRandom random, long maxSkewUs) {
    if (random.nextDouble() < SYNCHRONISED_SHARE) {
      return 0;
    }
    return random.nextLong(-maxSkewUs, maxSkewUs + 1);
  }

  private static ZoneOffset drawZone(SplittableRandom random) {
    if (random.nextDouble() < UTC_SHARE) {
      return ZoneOffset.UTC;
    }
    return OTHER_ZONES[random.nextInt(OTHER_ZONES.length)];
  }

  /** Every host, services in the order given to {@link #create}, instances in number order. */
  List<Host> hosts() {
    return hosts;
  }

  /** The instance a load balancer sends this call to. */
  Host pick(String service, SplittableRandom random) {
    Host[] instances = hostsByService.get(service);
    if (instances == null) {
      throw new IllegalArgumentException("no instances of service " + service);
    }
    return instances[random.nextInt(instances.length)];
  }
}
