package dev.sallyport.gateway.identity;

import dev.sallyport.config.IdentitySettings;
import dev.sallyport.config.IssuerSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The keys of every trusted issuer, by {@code iss}. */
public final class IssuerKeyring {
  private static final Logger LOG = LoggerFactory.getLogger(IssuerKeyring.class);

  private final Map<String, IssuerKeys> byIssuer;

  public IssuerKeyring(Map<String, IssuerKeys> byIssuer) {
    this.byIssuer = Map.copyOf(byIssuer);
  }

  /**
   * Builds each issuer's keys: a {@code jwks_file} is read now, keys from the network are fetched
   * by the first {@link #refreshDue} or the first token, whichever comes first.
   *
   * @throws IllegalStateException when a JWKS file cannot be read or holds no usable keys
   */
  public static IssuerKeyring load(IdentitySettings settings, IdpClient idp, Clock clock) {
    Map<String, IssuerKeys> keys = new LinkedHashMap<>();
    for (IssuerSettings issuer : settings.issuers()) {
      IssuerKeys issuerKeys =
          switch (issuer.keys()) {
            case IssuerSettings.KeySource.JwksFile file -> IssuerKeys.fromFile(file.file());
            case IssuerSettings.KeySource.JwksUrl url ->
                new JwksCache(
                    issuer.issuer(), new JwksEndpoint(idp, url.url()), issuer.keyRefresh(), clock);
            case IssuerSettings.KeySource.Discovery discovery ->
                new JwksCache(
                    issuer.issuer(),
                    new DiscoveredJwks(idp, discovery.issuer()),
                    issuer.keyRefresh(),
                    clock);
          };
      keys.put(issuer.issuer(), issuerKeys);
    }
    return new IssuerKeyring(keys);
  }

  public Optional<IssuerKeys> keys(String issuer) {
    return Optional.ofNullable(byIssuer.get(issuer));
  }

  /** Refreshes every key set that is due; a scheduler calls this every second or so. */
  public void refreshDue() {
    byIssuer.forEach((issuer, keys) -> {
      try {
        keys.refreshIfDue();
      } catch (RuntimeException e) {
        // The scheduler must keep running: a failing refresh is only logged, never fatal.
        LOG.warn("refreshing the keys of {} failed: {}", issuer, e.toString());
      }
    });
  }
}
