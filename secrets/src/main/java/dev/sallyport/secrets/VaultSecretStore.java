package dev.sallyport.secrets;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HashiCorp Vault and OpenBao over their HTTP API, with token authentication. It uses four calls:
 *
 * <ul>
 *   <li>KV version 2 read, {@code GET /v1/MOUNT/data/PATH}: the value is {@code data.data.FIELD};
 *       nothing is issued, so nothing is revoked at Vault.
 *   <li>A dynamic secret, {@code GET /v1/PATH} (for example {@code database-acme/creds/readonly}):
 *       Vault issues a credential under {@code lease_id} for {@code lease_duration} seconds.
 *   <li>{@code PUT /v1/sys/leases/renew} with {@code lease_id} and {@code increment} (seconds).
 *   <li>{@code PUT /v1/sys/leases/revoke} with {@code lease_id}: after every use, and at once when
 *       Vault issued a lease in an answer that turned out unusable.
 * </ul>
 *
 * <p>Every request carries {@code X-Vault-Token} (read afresh from {@link VaultToken}) and, when
 * configured, {@code X-Vault-Namespace}. Redirects are not followed (the token would go with them).
 * Answers are bounded in time and size. Every failure is a {@link SecretUnavailableException}
 * naming the reference and the HTTP status, never a body.
 *
 * <p>The token has to become a {@code String} for the JDK's HTTP client, which keeps it until the
 * garbage collector reclaims it; that is the one copy this class cannot wipe.
 */
public final class VaultSecretStore implements SecretStore, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(VaultSecretStore.class);

  private static final int MAX_TOKEN_CHARS = 4096;

  private final VaultSettings settings;
  private final VaultToken token;
  private final TenantPaths paths;
  private final HttpClient http;
  private final Optional<ExecutorService> ownedExecutor;

  /**
   * A store over a client the caller owns and closes (for example one with a custom TLS context).
   * The client MUST NOT follow redirects.
   */
  public VaultSecretStore(
      VaultSettings settings, VaultToken token, TenantPaths paths, HttpClient http) {
    this(settings, token, paths, http, Optional.empty());
  }

  private VaultSecretStore(
      VaultSettings settings,
      VaultToken token,
      TenantPaths paths,
      HttpClient http,
      Optional<ExecutorService> ownedExecutor) {
    this.settings = requireNonNull(settings, "settings is null");
    this.token = requireNonNull(token, "token is null");
    this.paths = requireNonNull(paths, "paths is null");
    this.http = requireNonNull(http, "http is null");
    this.ownedExecutor = ownedExecutor;
    if (http.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the Vault HTTP client must not follow redirects");
    }
  }

  /**
   * A store with its own HTTP client on virtual threads, using the JDK's default trust store;
   * {@link #close()} shuts the client down.
   */
  public static VaultSecretStore create(
      VaultSettings settings, VaultToken token, TenantPaths paths) {
    ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(settings.timeout())
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    return new VaultSecretStore(settings, token, paths, http, Optional.of(executor));
  }

  @Override
  public Set<SecretReference.Scheme> schemes() {
    return Set.of(SecretReference.Scheme.VAULT, SecretReference.Scheme.VAULT_DYNAMIC);
  }

  @Override
  public StoreLease lease(TenantId tenant, SecretReference reference, Duration ttl)
      throws SecretUnavailableException {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(ttl, "ttl is null");
    return switch (reference) {
      case SecretReference.VaultKv kv -> {
        paths.checkOwnedBy(tenant, reference);
        yield readKv(tenant, kv);
      }
      case SecretReference.VaultDynamic dynamic -> {
        paths.checkOwnedBy(tenant, reference);
        yield issue(tenant, dynamic);
      }
      case SecretReference.InFile file -> notServed(file);
      case SecretReference.InEnvironment variable -> notServed(variable);
    };
  }

  private StoreLease readKv(TenantId tenant, SecretReference.VaultKv reference)
      throws SecretUnavailableException {
    byte[] body = send(tenant, reference, "GET", reference.path(), null);
    try {
      return StaticStoreLease.of(
          reference.field(), VaultResponses.kvField(body, reference.field()));
    } catch (VaultResponseException e) {
      Reason reason =
          switch (e.problem()) {
            case NO_DATA, NO_FIELD -> Reason.NOT_FOUND;
            default -> Reason.MALFORMED;
          };
      throw new SecretUnavailableException(
          reference, reason, "Vault answered HTTP 200 but " + e.problem().description());
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  private StoreLease issue(TenantId tenant, SecretReference.VaultDynamic reference)
      throws SecretUnavailableException {
    byte[] body = send(tenant, reference, "GET", reference.path(), null);
    VaultResponses.Issued issued;
    try {
      issued = VaultResponses.dynamic(body, reference.field());
    } catch (VaultResponseException e) {
      // Vault may already have created the credential: end it now rather than at its TTL.
      if (e.leaseId().isPresent()) {
        revokeAfterFailure(tenant, reference, e.leaseId().get());
      }
      throw new SecretUnavailableException(
          reference,
          e.problem() == VaultResponseException.Problem.NO_FIELD
              ? Reason.NOT_FOUND
              : Reason.MALFORMED,
          "Vault answered HTTP 200 but " + e.problem().description());
    } finally {
      Arrays.fill(body, (byte) 0);
    }
    return new VaultLease(tenant, reference, issued);
  }

  private Duration renew(
      TenantId tenant, SecretReference reference, String leaseId, Duration increment)
      throws SecretUnavailableException {
    long seconds = Math.max(1, increment.toSeconds());
    byte[] request =
        ("{\"lease_id\":\"" + leaseId + "\",\"increment\":" + seconds + "}").getBytes(US_ASCII);
    byte[] body = send(tenant, reference, "PUT", "sys/leases/renew", request);
    try {
      return VaultResponses.renewal(body);
    } catch (VaultResponseException e) {
      throw new SecretUnavailableException(
          reference,
          Reason.MALFORMED,
          "Vault answered the renewal with HTTP 200 but " + e.problem().description());
    } finally {
      Arrays.fill(body, (byte) 0);
    }
  }

  private void revoke(TenantId tenant, SecretReference reference, String leaseId)
      throws SecretUnavailableException {
    // The lease id was checked against [A-Za-z0-9._/+:=-] when read: it needs no JSON escaping.
    byte[] request = ("{\"lease_id\":\"" + leaseId + "\"}").getBytes(US_ASCII);
    send(tenant, reference, "PUT", "sys/leases/revoke", request);
  }

  private void revokeAfterFailure(TenantId tenant, SecretReference reference, String leaseId) {
    try {
      revoke(tenant, reference, leaseId);
    } catch (SecretUnavailableException e) {
      LOG.warn(
          "Vault lease {} for {} of tenant {} could not be revoked after an unusable answer: {}",
          leaseId,
          reference,
          tenant,
          e.getMessage());
    }
  }

  /**
   * One request; the body of a 2xx answer, which the caller MUST wipe. Any other status and every
   * transport failure is a {@link SecretUnavailableException}.
   */
  private byte[] send(
      TenantId tenant, SecretReference reference, String method, String apiPath, byte[] body)
      throws SecretUnavailableException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(settings.endpoint(apiPath))
            .timeout(settings.timeout())
            .header("Accept", "application/json")
            .header("X-Vault-Request", "true");
    settings.namespaceFor(tenant).ifPresent(ns -> request.header("X-Vault-Namespace", ns));
    if (body == null) {
      request.GET();
    } else {
      request
          .header("Content-Type", "application/json")
          .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    }
    request.header("X-Vault-Token", tokenHeader(reference));
    HttpResponse<byte[]> response = exchange(reference, request.build());
    int status = response.statusCode();
    LOG.debug("Vault {} /v1/{} for {} answered HTTP {}", method, apiPath, reference, status);
    if (status >= 200 && status < 300) {
      return response.body();
    }
    Arrays.fill(response.body(), (byte) 0);
    throw statusFailure(reference, status);
  }

  private String tokenHeader(SecretReference reference) throws SecretUnavailableException {
    try (Secret current = token.current()) {
      char[] chars = current.revealChars();
      try {
        if (chars.length > MAX_TOKEN_CHARS) {
          throw new SecretUnavailableException(
              reference, Reason.UNAVAILABLE, "the Vault token is too long");
        }
        for (char c : chars) {
          // A header value is visible ASCII; anything else would be an injected header or a typo.
          if (c < 0x21 || c > 0x7e) {
            throw new SecretUnavailableException(
                reference, Reason.UNAVAILABLE, "the Vault token is not a valid header value");
          }
        }
        return new String(chars);
      } finally {
        Arrays.fill(chars, '\0');
      }
    } catch (SecretUnavailableException e) {
      if (e.reference().equals(reference)) {
        throw e;
      }
      throw new SecretUnavailableException(
          reference, Reason.UNAVAILABLE, "the Vault token is unavailable (" + e.getMessage() + ")");
    }
  }

  private HttpResponse<byte[]> exchange(SecretReference reference, HttpRequest request)
      throws SecretUnavailableException {
    CompletableFuture<HttpResponse<byte[]>> future =
        http.sendAsync(request, info -> new BoundedBodySubscriber(settings.maxResponseBytes()));
    try {
      return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw timeout(reference);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new SecretUnavailableException(
          reference, Reason.UNAVAILABLE, "interrupted while waiting for Vault");
    } catch (ExecutionException e) {
      throw transportFailure(reference, e.getCause());
    }
  }

  private SecretUnavailableException transportFailure(SecretReference reference, Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof BoundedBodySubscriber.TooLargeException) {
        return new SecretUnavailableException(
            reference,
            Reason.MALFORMED,
            "Vault's answer is larger than " + settings.maxResponseBytes() + " bytes");
      }
      if (t instanceof HttpTimeoutException) {
        return timeout(reference);
      }
      if (t instanceof ConnectException) {
        return new SecretUnavailableException(
            reference, Reason.UNAVAILABLE, "Vault could not be reached (connection refused)");
      }
    }
    // The exception's message can carry addresses or internals; its kind is enough to act on.
    String kind = cause == null ? "unknown failure" : cause.getClass().getSimpleName();
    return new SecretUnavailableException(
        reference, Reason.UNAVAILABLE, "Vault could not be reached (" + kind + ")");
  }

  private SecretUnavailableException timeout(SecretReference reference) {
    return new SecretUnavailableException(
        reference, Reason.TIMEOUT, "Vault did not answer within " + settings.timeout());
  }

  private static SecretUnavailableException statusFailure(SecretReference reference, int status) {
    Reason reason =
        switch (status) {
          case 401, 403 -> Reason.DENIED;
          case 404 -> Reason.NOT_FOUND;
          default -> Reason.UNAVAILABLE;
        };
    String detail = "Vault answered HTTP " + status;
    if (status >= 300 && status < 400) {
      detail += " (redirects are not followed)";
    }
    return new SecretUnavailableException(reference, reason, detail);
  }

  private static StoreLease notServed(SecretReference reference) throws SecretUnavailableException {
    throw new SecretUnavailableException(
        reference,
        Reason.NOT_CONFIGURED,
        "the Vault store serves vault: and vault-dynamic: references only");
  }

  /** Shuts down the HTTP client this store made; a client passed in is the caller's to close. */
  @Override
  public void close() {
    ownedExecutor.ifPresent(executor -> {
      http.close();
      executor.close();
    });
  }

  @Override
  public String toString() {
    return "VaultSecretStore[" + settings.address() + "]";
  }

  /** A credential Vault issued: renewed and revoked at Vault under its lease id. */
  private final class VaultLease implements StoreLease {
    private final TenantId tenant;
    private final SecretReference reference;
    private final String leaseId;
    private final Duration duration;
    private final boolean renewable;
    private final Map<String, Secret> values;

    VaultLease(TenantId tenant, SecretReference reference, VaultResponses.Issued issued) {
      this.tenant = tenant;
      this.reference = reference;
      this.leaseId = issued.leaseId();
      this.duration = issued.leaseDuration();
      this.renewable = issued.renewable();
      this.values = issued.values();
    }

    @Override
    public Map<String, Secret> fields() {
      return values;
    }

    @Override
    public Duration duration() {
      return duration;
    }

    @Override
    public Optional<String> storeLeaseId() {
      return Optional.of(leaseId);
    }

    @Override
    public Duration renew(Duration increment) throws SecretUnavailableException {
      if (!renewable) {
        throw new SecretUnavailableException(
            reference, Reason.NOT_RENEWABLE, "Vault issued the lease as not renewable");
      }
      return VaultSecretStore.this.renew(tenant, reference, leaseId, increment);
    }

    @Override
    public void revoke() throws SecretUnavailableException {
      VaultSecretStore.this.revoke(tenant, reference, leaseId);
    }

    @Override
    public String toString() {
      return "VaultLease[" + leaseId + ", fields=" + values.keySet() + "]";
    }
  }
}
