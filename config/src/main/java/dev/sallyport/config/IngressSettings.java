package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Which sources may reach which routes ({@code ingress:} in {@code sallyport.yaml}). Deny is the
 * default: a group without a list allows nobody.
 *
 * @param trustedProxies peers whose {@code X-Forwarded-For} is believed; never a {@code /0}
 * @param allow the sources allowed per route group
 */
public record IngressSettings(List<Cidr> trustedProxies, Map<RouteGroup, List<Cidr>> allow) {
  /**
   * What a deployment without an {@code ingress:} block gets: every group on loopback only ({@code
   * 127.0.0.0/8}, {@code ::1/128}), no trusted proxy. A server bound to a public address by mistake
   * then answers nobody but its own host.
   */
  public static final IngressSettings LOOPBACK_ONLY = loopbackOnly();

  public IngressSettings {
    trustedProxies = List.copyOf(trustedProxies);
    Map<RouteGroup, List<Cidr>> copy = new EnumMap<>(RouteGroup.class);
    allow.forEach((group, blocks) -> copy.put(requireNonNull(group), List.copyOf(blocks)));
    allow = Map.copyOf(copy);
    for (Cidr proxy : trustedProxies) {
      if (proxy.prefixLength() == 0) {
        throw new IllegalArgumentException(
            "trusting " + proxy + " would let every client choose its own address");
      }
    }
  }

  /** The sources allowed on {@code group}; empty (nobody) when the group is not listed. */
  public List<Cidr> allowed(RouteGroup group) {
    return allow.getOrDefault(group, List.of());
  }

  private static IngressSettings loopbackOnly() {
    List<Cidr> loopback = List.of(Cidr.parse("127.0.0.0/8"), Cidr.parse("::1/128"));
    Map<RouteGroup, List<Cidr>> allow = new EnumMap<>(RouteGroup.class);
    for (RouteGroup group : RouteGroup.values()) {
      allow.put(group, loopback);
    }
    return new IngressSettings(List.of(), allow);
  }
}
