package dev.sallyport.config;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Reads the {@code ingress:} block of {@code sallyport.yaml}. Kept apart from {@link
 * DeploymentLoader} so that the source allowlists are read in one place.
 *
 * <pre>
 * ingress:
 *   trusted_proxies: [10.0.0.0/8]          # optional; default none
 *   allow:                                 # required; a group not listed allows nobody
 *     agent: [10.20.0.0/16]
 *     metrics: [127.0.0.1/32]
 * </pre>
 */
final class IngressSection {
  private static final Set<String> GROUPS =
      Stream.of(RouteGroup.values()).map(RouteGroup::configName).collect(Collectors.toSet());

  private IngressSection() {}

  /** The settings of the block, or {@link IngressSettings#LOOPBACK_ONLY} when it is absent. */
  static IngressSettings read(Optional<YamlNode> node) throws ConfigException {
    if (node.isEmpty()) {
      return IngressSettings.LOOPBACK_ONLY;
    }
    YamlNode.Fields f = node.get().fields(Set.of("trusted_proxies", "allow"));
    List<Cidr> proxies =
        f.has("trusted_proxies") ? blocks(f.required("trusted_proxies"), true) : List.of();
    YamlNode allowNode = f.required("allow");
    allowNode.fields(GROUPS); // refuses an unknown group at its position
    Map<RouteGroup, List<Cidr>> allow = new EnumMap<>(RouteGroup.class);
    for (Map.Entry<String, YamlNode> group : allowNode.entries().entrySet()) {
      allow.put(
          RouteGroup.fromConfigName(group.getKey()).orElseThrow(), blocks(group.getValue(), false));
    }
    try {
      return new IngressSettings(proxies, allow);
    } catch (IllegalArgumentException e) {
      // Every rule is checked above with its position; this only keeps a missed one from
      // escaping as anything but a refusal.
      throw node.get().problem(e.getMessage());
    }
  }

  /** A list of address blocks, each valid and listed once; an empty list is allowed (nobody). */
  private static List<Cidr> blocks(YamlNode node, boolean proxies) throws ConfigException {
    List<Cidr> blocks = new ArrayList<>();
    Set<Cidr> seen = new HashSet<>();
    for (YamlNode item : node.list()) {
      Cidr block;
      try {
        block = Cidr.parse(item.nonBlankString());
      } catch (IllegalArgumentException e) {
        throw item.problem(e.getMessage());
      }
      if (proxies && block.prefixLength() == 0) {
        throw item.problem(
            "trusting "
                + block
                + " as a proxy would let every client choose its own address; list the proxies");
      }
      if (!seen.add(block)) {
        throw item.problem(block + " is listed twice");
      }
      blocks.add(block);
    }
    return blocks;
  }
}
