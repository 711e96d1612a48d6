package dev.sallyport.gateway.ingress;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.Cidr;
import dev.sallyport.config.IngressSettings;
import dev.sallyport.config.IpAddress;
import dev.sallyport.config.RouteGroup;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;

/**
 * The ingress check: the client's address must be in the allowlist of the route group of the path.
 * Deny is the default: a path of no group, a group without a list, a peer that is not an IP address
 * and a malformed {@code X-Forwarded-For} from a trusted proxy are all refused. Every refusal is
 * counted ({@code sallyport.ingress.refused}, tagged {@code group} and {@code reason}) and handed
 * to the {@link RefusalRecorder}.
 */
public final class IngressGate {
  /** The {@code group} of a refusal whose path belongs to no route group. */
  static final String UNROUTED = "unrouted";

  private final IngressSettings settings;
  private final ForwardedFor forwardedFor;
  private final RefusalRecorder recorder;
  private final MeterRegistry metrics;

  public IngressGate(IngressSettings settings, RefusalRecorder recorder, MeterRegistry metrics) {
    this.settings = requireNonNull(settings, "settings is null");
    this.forwardedFor = new ForwardedFor(settings.trustedProxies());
    this.recorder = requireNonNull(recorder, "recorder is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
  }

  /**
   * Returns when the request may go on, and throws otherwise. Reads the path, the peer and {@code
   * X-Forwarded-For} only: it MUST run before anything looks at credentials or reads the body, and
   * the caller MUST answer a refusal without running anything else.
   *
   * @param path the path the router will match on
   * @param peer the TCP peer of the connection
   * @param forwardedFor every {@code X-Forwarded-For} field, in order
   */
  public void check(String path, SocketAddress peer, List<String> forwardedFor)
      throws IngressRefusedException {
    Optional<RouteGroup> group = RouteGroups.of(path);
    String groupName = group.map(RouteGroup::configName).orElse(UNROUTED);
    // The bytes of an accepted socket's address: never a name, so never a DNS lookup.
    if (!(peer instanceof InetSocketAddress socket) || socket.getAddress() == null) {
      throw refuse(groupName, "unknown", RefusalReason.PEER_NOT_IP);
    }
    IpAddress peerAddress = IpAddress.of(socket.getAddress().getAddress());
    IpAddress client;
    try {
      client = this.forwardedFor.client(peerAddress, forwardedFor);
    } catch (ForwardedFor.MalformedException e) {
      // Recorded against the proxy that sent it: the client is exactly what is not known.
      throw refuse(groupName, prefix(peerAddress), RefusalReason.FORWARDED_FOR_MALFORMED);
    }
    if (group.isEmpty()) {
      throw refuse(groupName, prefix(client), RefusalReason.UNKNOWN_ROUTE);
    }
    for (Cidr allowed : settings.allowed(group.get())) {
      if (allowed.contains(client)) {
        return;
      }
    }
    throw refuse(groupName, prefix(client), RefusalReason.SOURCE_NOT_ALLOWED);
  }

  private IngressRefusedException refuse(String group, String source, RefusalReason reason) {
    Counter.builder("sallyport.ingress.refused")
        .description("Requests refused by ingress before authentication, by route group and reason")
        .tag("group", group)
        .tag("reason", reason.code())
        .register(metrics)
        .increment();
    recorder.refused(group, source, reason);
    return new IngressRefusedException(reason);
  }

  /** The /24 or /64 a client stands for in the ledger and in the rate limits. */
  private static String prefix(IpAddress address) {
    return Cidr.around(address, address.isIpv4() ? 24 : 64).toString();
  }
}
