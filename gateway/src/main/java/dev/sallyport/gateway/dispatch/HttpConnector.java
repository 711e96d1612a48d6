package dev.sallyport.gateway.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.config.ConnectorSettings;
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
import java.util.Map;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls an HTTP API as the tool definition describes: {@code {name}} placeholders in the path are
 * filled from the arguments (percent-encoded, so an argument cannot change the path), the other
 * arguments go to the query string for GET and DELETE and to a JSON body otherwise.
 */
public final class HttpConnector implements Connector {
  /** Larger answers are cut: a tool result is not a file transfer. */
  static final int MAX_RESPONSE_BYTES = 1 << 20;

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9_]+)\\}");

  private final ConnectorSettings settings;
  private final HttpClient client;
  private final ObjectMapper json;

  public HttpConnector(ConnectorSettings settings, HttpClient client, ObjectMapper json) {
    this.settings = settings;
    this.client = client;
    this.json = json;
  }

  @Override
  public PlannedRequest plan(Tool tool, Map<String, Object> arguments) {
    Map<String, Object> rest = new LinkedHashMap<>(arguments);
    Matcher matcher = PLACEHOLDER.matcher(tool.operation().path());
    StringBuilder path = new StringBuilder();
    while (matcher.find()) {
      Object value = rest.remove(matcher.group(1));
      if (value == null || value instanceof Map<?, ?> || value instanceof java.util.List<?>) {
        throw new IllegalArgumentException(
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
    String method = tool.operation().method();
    boolean query = method.equals("GET") || method.equals("DELETE");
    String uri = base + path;
    if (query && !rest.isEmpty()) {
      StringJoiner joiner = new StringJoiner("&", "?", "");
      rest.forEach((k, v) ->
          joiner.add(
              URLEncoder.encode(k, StandardCharsets.UTF_8)
                  + "="
                  + URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)));
      uri += joiner;
    }
    return new PlannedRequest(
        method, URI.create(uri), query ? Optional.empty() : Optional.of(Map.copyOf(rest)));
  }

  @Override
  public DispatchResult dispatch(Tool tool, Map<String, Object> arguments) {
    PlannedRequest planned;
    try {
      planned = plan(tool, arguments);
    } catch (IllegalArgumentException e) {
      return new DispatchResult.Unreachable(
          "the call cannot be mapped to a request: " + e.getMessage());
    }
    try {
      HttpRequest.BodyPublisher body =
          planned.jsonBody().isPresent()
              ? HttpRequest.BodyPublishers.ofByteArray(
                  json.writeValueAsBytes(planned.jsonBody().get()))
              : HttpRequest.BodyPublishers.noBody();
      HttpRequest request =
          HttpRequest.newBuilder(planned.uri())
              .timeout(settings.timeout())
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .method(planned.method(), body)
              .build();
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] bytes;
      try (InputStream in = response.body()) {
        bytes = in.readNBytes(MAX_RESPONSE_BYTES);
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
