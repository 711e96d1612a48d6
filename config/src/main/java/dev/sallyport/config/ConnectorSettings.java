package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A connector: how calls of a tenant's tools reach the real system. Only the executor uses these:
 * the connector that holds the way to a system is on the executor's side of the grant.
 */
public sealed interface ConnectorSettings
    permits ConnectorSettings.Http, ConnectorSettings.Smtp, ConnectorSettings.Mcp {
  /** The name tools refer to. */
  String name();

  /** How long one call may take before it is abandoned and recorded as timed out. */
  Duration timeout();

  /** What the connector authenticates with, leased per call; empty when the system needs none. */
  Optional<CredentialSettings> credential();

  /**
   * An HTTP API ({@code type: http}).
   *
   * @param baseUrl where the system's API lives
   * @param credential presented as a bearer token, a header of its own, or HTTP Basic
   */
  record Http(String name, URI baseUrl, Duration timeout, Optional<CredentialSettings> credential)
      implements ConnectorSettings {
    public Http {
      requireNonNull(name, "name is null");
      requireNonNull(baseUrl, "baseUrl is null");
      requireNonNull(timeout, "timeout is null");
      requireNonNull(credential, "credential is null");
    }

    /** A connector without a credential. */
    public Http(String name, URI baseUrl, Duration timeout) {
      this(name, baseUrl, timeout, Optional.empty());
    }
  }

  /**
   * An SMTP relay ({@code type: smtp}) that sends each e-mail to exactly one recipient.
   *
   * @param host the relay's host
   * @param port its port
   * @param from the sender address of every message
   * @param security how the connection is protected
   * @param credential SMTP AUTH: a user name and the leased secret as its password
   */
  record Smtp(
      String name,
      String host,
      int port,
      String from,
      Security security,
      Duration timeout,
      Optional<CredentialSettings> credential)
      implements ConnectorSettings {
    public Smtp {
      requireNonNull(name, "name is null");
      requireNonNull(host, "host is null");
      requireNonNull(from, "from is null");
      requireNonNull(security, "security is null");
      requireNonNull(timeout, "timeout is null");
      requireNonNull(credential, "credential is null");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port must be between 1 and 65535");
      }
      if (credential.isPresent()
          && !(credential.get().presentation() instanceof CredentialSettings.Login)) {
        throw new IllegalArgumentException("an SMTP credential is a user name and a password");
      }
    }

    /** A relay without authentication. */
    public Smtp(
        String name, String host, int port, String from, Security security, Duration timeout) {
      this(name, host, port, from, security, timeout, Optional.empty());
    }
  }

  /**
   * An upstream MCP server ({@code type: mcp}), reached over stdio or Streamable HTTP.
   *
   * @param upstream how to reach it
   * @param credential for a Streamable HTTP upstream only, presented on each request as an HTTP
   *     credential is; a stdio process gets none
   */
  record Mcp(
      String name, McpUpstream upstream, Duration timeout, Optional<CredentialSettings> credential)
      implements ConnectorSettings {
    public Mcp {
      requireNonNull(name, "name is null");
      requireNonNull(upstream, "upstream is null");
      requireNonNull(timeout, "timeout is null");
      requireNonNull(credential, "credential is null");
      if (credential.isPresent() && upstream instanceof McpUpstream.Stdio) {
        throw new IllegalArgumentException("a stdio upstream gets no credential");
      }
    }
  }

  /** Where an upstream MCP server is. */
  sealed interface McpUpstream {
    /**
     * A process Sallyport starts and speaks to over its standard input and output.
     *
     * @param command the program and its arguments; the program is looked up on {@code PATH}
     * @param environment the process's whole environment besides {@code PATH}: nothing of
     *     Sallyport's own environment is inherited, so no secret of the gateway leaks into it
     */
    record Stdio(List<String> command, Map<String, String> environment) implements McpUpstream {
      public Stdio {
        command = List.copyOf(command);
        environment = Map.copyOf(environment);
        if (command.isEmpty()) {
          throw new IllegalArgumentException("command is empty");
        }
      }
    }

    /** A server that speaks Streamable HTTP at {@code url}. */
    record StreamableHttp(URI url) implements McpUpstream {
      public StreamableHttp {
        requireNonNull(url, "url is null");
      }
    }
  }

  /** Transport security of an SMTP connection. */
  enum Security {
    /** STARTTLS, required: a relay that does not offer it is not used (the default). */
    STARTTLS,
    /** TLS from the first byte (SMTPS, usually port 465). */
    TLS,
    /** Plain text; only for relays on the same host or a trusted network, chosen explicitly. */
    NONE
  }
}
