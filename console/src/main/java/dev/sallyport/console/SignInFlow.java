package dev.sallyport.console;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The OpenID Connect authorization code flow with PKCE (S256), {@code state} and {@code nonce}.
 *
 * <p>{@link #start} makes a fresh state, nonce and code verifier, and a browser binding: a random
 * value the handler sets as a short-lived cookie. The server keeps only its hash, next to the
 * state. {@link #finish} then requires the same browser (login CSRF: an attacker cannot make a
 * victim's browser complete the attacker's sign-in), uses each state once, exchanges the code with
 * the verifier, and verifies the ID token: signature against the provider's keys (asymmetric
 * algorithms only), issuer, audience, expiry with bounded skew, and the nonce.
 */
public final class SignInFlow {
  /** How long a started sign-in may take. */
  public static final Duration PENDING_LIFETIME = Duration.ofMinutes(10);

  /** Unfinished sign-ins kept at most; beyond it new ones are refused (memory is not a weapon). */
  static final int MAX_PENDING = 10_000;

  private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
  private static final int MAX_TOKEN_RESPONSE = 64 * 1024;
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Pending(
      String verifier, String nonce, String bindingHash, String returnTo, Instant expiresAt) {}

  /** Where to send the browser, and the binding value to set as a cookie. */
  public record Start(URI authorizationUrl, String browserBinding) {}

  /** A verified person. */
  public record SignedIn(Principal principal, String displayName, String returnTo) {}

  private final ConsoleSettings settings;
  private final OidcProvider provider;
  private final HttpClient http;
  private final JWKSource<SecurityContext> keys;
  private final PrincipalMapping mapping;
  private final Clock clock;
  private final RandomTokens tokens;
  private final Map<String, Pending> pending = new ConcurrentHashMap<>();

  public SignInFlow(
      ConsoleSettings settings,
      OidcProvider provider,
      HttpClient http,
      JWKSource<SecurityContext> keys,
      PrincipalMapping mapping,
      Clock clock,
      java.security.SecureRandom random) {
    this.settings = requireNonNull(settings, "settings is null");
    this.provider = requireNonNull(provider, "provider is null");
    this.http = requireNonNull(http, "http is null");
    this.keys = requireNonNull(keys, "keys is null");
    this.mapping = requireNonNull(mapping, "mapping is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.tokens = new RandomTokens(random);
  }

  /**
   * Begins a sign-in that returns to {@code returnTo} (a path on this origin; anything else is
   * replaced by {@code /console/}).
   *
   * @throws SignInException when too many sign-ins are unfinished
   */
  public Start start(String returnTo) throws SignInException {
    Instant now = clock.instant();
    pending.values().removeIf(p -> !now.isBefore(p.expiresAt()));
    if (pending.size() >= MAX_PENDING) {
      throw new SignInException("too many sign-ins in progress");
    }
    String state = tokens.next();
    String nonce = tokens.next();
    String verifier = tokens.next();
    String binding = tokens.next();
    pending.put(
        state,
        new Pending(
            verifier,
            nonce,
            RandomTokens.sha256(binding),
            safeReturn(returnTo),
            now.plus(PENDING_LIFETIME)));
    Map<String, String> query = new LinkedHashMap<>();
    query.put("response_type", "code");
    query.put("client_id", settings.clientId());
    query.put("redirect_uri", settings.redirectUri().toString());
    query.put("scope", scopes());
    query.put("state", state);
    query.put("nonce", nonce);
    query.put("code_challenge", challenge(verifier));
    query.put("code_challenge_method", "S256");
    String separator = provider.authorizationEndpoint().getRawQuery() == null ? "?" : "&";
    return new Start(
        URI.create(provider.authorizationEndpoint() + separator + form(query)), binding);
  }

  /**
   * Completes a sign-in from the provider's redirect.
   *
   * @param state the {@code state} parameter
   * @param code the {@code code} parameter
   * @param browserBinding the binding cookie's value, or null when the browser sent none
   */
  public SignedIn finish(String state, String code, String browserBinding) throws SignInException {
    // Removed before anything else: a state is used once, whether this attempt succeeds or not.
    Pending started = state == null ? null : pending.remove(state);
    if (started == null) {
      throw new SignInException("unknown or used sign-in state");
    }
    if (!clock.instant().isBefore(started.expiresAt())) {
      throw new SignInException("sign-in took too long");
    }
    if (browserBinding == null
        || !RandomTokens.same(started.bindingHash(), RandomTokens.sha256(browserBinding))) {
      // Someone else's sign-in is answered like no sign-in at all: the answer must not tell that a
      // state is pending (and it is spent now, like any state used once).
      throw new SignInException("unknown or used sign-in state");
    }
    if (code == null || code.isEmpty() || code.length() > 4096) {
      throw new SignInException("no authorization code");
    }
    JWTClaimsSet claims = verify(exchange(code, started.verifier()), started.nonce());
    Principal principal =
        mapping
            .map(claims)
            .orElseThrow(() -> new SignInException("not a person of a known tenant"));
    if (principal.kind() != PrincipalKind.HUMAN) {
      // Agents never sign in to the console, whatever their token says.
      throw new SignInException("not a person");
    }
    return new SignedIn(principal, displayName(claims), started.returnTo());
  }

  private String exchange(String code, String verifier) throws SignInException {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", "authorization_code");
    form.put("code", code);
    form.put("redirect_uri", settings.redirectUri().toString());
    form.put("code_verifier", verifier);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(provider.tokenEndpoint())
            .timeout(Duration.ofSeconds(10))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json");
    if (settings.clientSecret().isPresent()) {
      String credentials =
          URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8)
              + ":"
              + URLEncoder.encode(settings.clientSecret().get(), StandardCharsets.UTF_8);
      request.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
    } else {
      form.put("client_id", settings.clientId());
    }
    JsonNode body;
    try {
      HttpResponse<InputStream> response =
          http.send(
              request.POST(HttpRequest.BodyPublishers.ofString(form(form))).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream in = response.body()) {
        byte[] bytes = in.readNBytes(MAX_TOKEN_RESPONSE + 1);
        if (response.statusCode() != 200) {
          throw new SignInException(
              "the provider refused the code (HTTP " + response.statusCode() + ")");
        }
        if (bytes.length > MAX_TOKEN_RESPONSE) {
          throw new SignInException("token response too large");
        }
        body = JSON.readTree(bytes);
      }
    } catch (IOException e) {
      throw new SignInException("cannot reach the provider's token endpoint", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SignInException("interrupted", e);
    }
    JsonNode idToken = body == null ? null : body.get("id_token");
    if (idToken == null || !idToken.isTextual()) {
      throw new SignInException("the provider returned no ID token");
    }
    return idToken.textValue();
  }

  private JWTClaimsSet verify(String idToken, String nonce) throws SignInException {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(
        new JWSVerificationKeySelector<>(
            Set.of(
                JWSAlgorithm.RS256,
                JWSAlgorithm.RS384,
                JWSAlgorithm.RS512,
                JWSAlgorithm.PS256,
                JWSAlgorithm.ES256,
                JWSAlgorithm.ES384,
                JWSAlgorithm.EdDSA),
            keys));
    Clock now = clock;
    DefaultJWTClaimsVerifier<SecurityContext> claims =
        new DefaultJWTClaimsVerifier<>(
            settings.clientId(),
            new JWTClaimsSet.Builder()
                .issuer(provider.issuer().toString())
                .claim("nonce", nonce)
                .build(),
            Set.of("sub", "exp", "iat")) {
          @Override
          protected Date currentTime() {
            return Date.from(now.instant());
          }
        };
    claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
    processor.setJWTClaimsSetVerifier(claims);
    JWTClaimsSet verified;
    try {
      verified = processor.process(idToken, null);
    } catch (ParseException e) {
      throw new SignInException("malformed ID token");
    } catch (BadJOSEException | JOSEException | RuntimeException e) {
      throw new SignInException("ID token does not verify");
    }
    List<String> audience = verified.getAudience();
    if (audience.size() > 1) {
      // OpenID Connect Core 3.1.3.7: with several audiences, azp must name this client.
      Object azp = verified.getClaim("azp");
      if (!settings.clientId().equals(azp)) {
        throw new SignInException("ID token was issued to another client");
      }
    }
    return verified;
  }

  private String scopes() {
    Set<String> scopes = new java.util.LinkedHashSet<>();
    scopes.add("openid");
    scopes.addAll(settings.scopes());
    return String.join(" ", scopes);
  }

  private static String displayName(JWTClaimsSet claims) {
    for (String claim : List.of("name", "preferred_username", "email")) {
      Object value = claims.getClaim(claim);
      if (value instanceof String s && !s.isBlank()) {
        return s;
      }
    }
    return claims.getSubject();
  }

  /** Only a path on this origin; {@code //host} and {@code /\host} would leave it. */
  static String safeReturn(String returnTo) {
    if (returnTo == null
        || !returnTo.startsWith("/")
        || returnTo.startsWith("//")
        || returnTo.startsWith("/\\")
        || returnTo.length() > 2048
        || returnTo.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
      return "/console/";
    }
    return returnTo;
  }

  private static String challenge(String verifier) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }

  private static String form(Map<String, String> fields) {
    return fields.entrySet().stream()
        .map(e ->
            URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
  }

  /** Used by tests and the status page: how many sign-ins are unfinished. */
  int pendingCount() {
    return pending.size();
  }
}
