package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;

/**
 * A connector: how calls of a tenant's tools reach the real system.
 *
 * @param name the name tools refer to
 * @param type the connector type; {@code http} for now
 * @param baseUrl where the system's API lives
 * @param timeout how long one call may take before it is abandoned and recorded as timed out
 */
public record ConnectorSettings(String name, String type, URI baseUrl, Duration timeout) {
  public ConnectorSettings {
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(baseUrl, "baseUrl is null");
    requireNonNull(timeout, "timeout is null");
  }
}
