package dev.sallyport.executor.connector;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.config.CredentialSettings;
import dev.sallyport.grant.Recipient;
import dev.sallyport.model.JsonValues;
import dev.sallyport.model.Tool;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls an HTTP API as the tool definition describes: {@code {name}} placeholders in the path are
 * filled from the arguments (percent-encoded, so an argument cannot change the path), the other
 * arguments go to the query string for GET and DELETE and to a JSON body otherwise. The recipient a
 * grant must name is the host of the request's URL.
 *
 * <p>The leased credential is presented as the connector's {@code credential:} says: {@code
 * Authorization: Bearer}, a header of its own, or HTTP Basic. An answer that repeats the credential
 * (an upstream that echoes what it received) is withheld: the caller gets the status and a note,
 * never the credential.
 */
public final class HttpConnector implements Connector {
  /** Larger answers are cut: a tool result is not a file transfer. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)\\}");

  private final ConnectorSettings.Http settings;
  private final HttpClient client;
  private final ObjectMapper json;

  public HttpConnector(ConnectorSettings.Http settings, HttpClient client, ObjectMapper json) {
    this.settings = requireNonNull(settings, "settings is null");
    this.client = requireNonNull(client, "client is null");
    this.json = requireNonNull(json, "json is null");
  }

  @Override
  public PreparedRequest prepare(Tool tool, Map<String, Object> arguments)
      throws UnmappableCallException {
    if (!(tool.operation() instanceof Tool.Operation operation)) {
      throw new UnmappableCallException("tool " + tool.name() + " is not an HTTP tool");
    }
    Map<String, Object> rest = new LinkedHashMap<>(arguments);
    Matcher matcher = PLACEHOLDER.matcher(operation.path());
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      Object value = rest.remove(matcher.group(1));
      if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
        throw new UnmappableCallException(
            "path argument '" + matcher.group(1) + "' is missing or not a scalar");
      }
      matcher.appendReplacement(
          path,
          Matcher.quoteReplacement(
              URLEncoder.encode(String.valueOf(value), StandardCharsets.UTF_8)
                  .replace("+", "%20")));
    }
    matcher.appendTail(path);
    String base = settings.baseUrl().toString();
    if (base.endsWith("/")) {
      base = base.substring(0, base.length() - 1);
    }
    String method = operation.method();
    boolean query = method.equals("GET") || method.equals("DELETE");
    String uri = base + path;
    StringBuilder redacted = new StringBuilder(method).append(' ').append(base);
    redacted.append(operation.path());
    if (query && !rest.isEmpty()) {
      StringJoiner joiner = new StringJoiner("&", "?", "");
      StringJoiner names = new StringJoiner("&", "?", "");
      rest.forEach((k, v) -> {
        String key = URLEncoder.encode(k, StandardCharsets.UTF_8);
        joiner.add(key + "=" + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8));
        names.add(key + "={" + k + "}");
      });
      uri += joiner;
      redacted.append(names);
    }
    if (!query) {
      redacted.append(" json").append(new TreeSet<>(rest.keySet()));
    }
    URI target;
    Recipient recipient;
    try {
      target = URI.create(uri);
      recipient = Recipient.hostOf(uri);
    } catch (IllegalArgumentException e) {
      throw new UnmappableCallException("the request URL is not valid");
    }
    Optional<Map<String, Object>> body = query ? Optional.empty() : Optional.of(Map.copyOf(rest));
    return new Prepared(method, target, body, recipient, redacted.toString());
  }

  /** One HTTP request, ready to send. */
  private final class Prepared implements PreparedRequest {
    private final String method;
    private final URI uri;
    private final Optional<Map<String, Object>> jsonBody;
    private final Recipient recipient;
    private final String redacted;

    Prepared(
        String method,
        URI uri,
        Optional<Map<String, Object>> jsonBody,
        Recipient recipient,
        String redacted) {
      this.method = method;
      this.uri = uri;
      this.jsonBody = jsonBody;
      this.recipient = recipient;
      this.redacted = redacted;
    }

    @Override
    public Recipient recipient() {
      return recipient;
    }

    @Override
    public String redacted() {
      return redacted;
    }

    @Override
    public Map<String, Object> preview() {
      return Map.of("method", method, "url", uri.toString());
    }

    @Override
    public DispatchResult send(Optional<Credential> credential) {
      if (settings.credential().isPresent() && credential.isEmpty()) {
        // Fail closed on a wiring mistake: never send unauthenticated what was configured with one.
        throw new IllegalStateException("connector " + settings.name() + " got no credential");
      }
      Optional<Presented> presented = credential.map(HttpConnector.this::present);
      try {
        HttpRequest.BodyPublisher body =
            jsonBody.isPresent()
                ? HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(jsonBody.get()))
                : HttpRequest.BodyPublishers.noBody();
        HttpRequest.Builder request =
            HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, body);
        presented.ifPresent(p -> request.header(p.header(), p.value()));
        HttpResponse<InputStream> response =
            client.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        byte[] bytes;
        try (InputStream in = response.body()) {
          bytes = in.readNBytes(MAX_RESPONSE_BYTES);
        }
        if (presented.isPresent() && echoes(bytes, credential.get(), presented.get())) {
          return new DispatchResult.Answered(response.statusCode(), WITHHELD);
        }
        return new DispatchResult.Answered(response.statusCode(), body(response, bytes));
      } catch (HttpTimeoutException e) {
        return new DispatchResult.TimedOut();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new DispatchResult.Unreachable("interrupted");
      } catch (IOException e) {
        return new DispatchResult.Unreachable(e.getClass().getSimpleName());
      }
    }
  }

  /** What the caller gets instead of an answer that repeats the credential. */
  public static final String WITHHELD =
      "[the system's answer repeated the connector's credential and was withheld]";

  /** A credential as one request header. */
  private record Presented(String header, String value) {
    @Override
    public String toString() {
      return "Presented[" + header + "]";
    }
  }

  private Presented present(Credential credential) {
    String secret = credential.revealSecret();
    // Checked here, not by the HTTP client, whose refusal could quote the value.
    if (secret.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f) || secret.isEmpty()) {
      throw new IllegalStateException(
          "the credential of connector " + settings.name() + " cannot be sent in a header");
    }
    CredentialSettings.Presentation presentation =
        settings
            .credential()
            .map(CredentialSettings::presentation)
            .orElse(
                credential.username().isPresent()
                    ? new CredentialSettings.Login(credential.username().get())
                    : new CredentialSettings.Bearer());
    return switch (presentation) {
      case CredentialSettings.Bearer b -> new Presented("Authorization", "Bearer " + secret);
      case CredentialSettings.Header h -> new Presented(h.name(), secret);
      case CredentialSettings.Login l -> {
        String pair = l.username() + ":" + secret;
        yield new Presented(
            "Authorization",
            "Basic "
                + java.util.Base64.getEncoder()
                    .encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
      }
    };
  }

  /** Whether an answer repeats the credential, raw, JSON-escaped or as the header value sent. */
  private boolean echoes(byte[] bytes, Credential credential, Presented presented) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    String secret = credential.revealSecret();
    if (text.contains(secret) || text.contains(presented.value())) {
      return true;
    }
    try {
      String escaped = json.writeValueAsString(secret);
      return text.contains(escaped.substring(1, escaped.length() - 1));
    } catch (IOException e) {
      return true;
    }
  }

  private Object body(HttpResponse<?> response, byte[] bytes) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    if (type.startsWith("application/json")) {
      try {
        return JsonValues.immutableValue(json.readValue(bytes, Object.class));
      } catch (IOException | IllegalArgumentException e) {
        // Not JSON after all: hand it on as text rather than lose it.
      }
    }
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
