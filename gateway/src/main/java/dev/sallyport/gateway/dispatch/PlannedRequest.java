package dev.sallyport.gateway.dispatch;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP request a call maps to: what a dry run reports and what dispatch sends.
 *
 * @param method the HTTP method
 * @param uri the full URI, path placeholders filled and query built
 * @param jsonBody the JSON body for POST, PUT and PATCH
 */
public record PlannedRequest(String method, URI uri, Optional<Map<String, Object>> jsonBody) {
  public PlannedRequest {
    requireNonNull(method, "method is null");
    requireNonNull(uri, "uri is null");
    requireNonNull(jsonBody, "jsonBody is null");
  }
}
