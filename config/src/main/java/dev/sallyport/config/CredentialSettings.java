package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import dev.sallyport.secrets.SecretReference;

/**
 * The credential a connector authenticates with ({@code credential:} of a connector): where the
 * secret lives, and how the connector presents it. The secret itself is never in configuration; the
 * executor leases it for each call and revokes it right after.
 *
 * @param secret where the secret lives, already checked to be under the tenant's paths
 * @param presentation how it is sent
 */
public record CredentialSettings(SecretReference secret, Presentation presentation) {
  public CredentialSettings {
    requireNonNull(secret, "secret is null");
    requireNonNull(presentation, "presentation is null");
  }

  /** How a connector presents the secret. */
  public sealed interface Presentation {}

  /** HTTP {@code Authorization: Bearer SECRET}: the default for HTTP connectors. */
  public record Bearer() implements Presentation {}

  /** HTTP {@code NAME: SECRET}, for APIs that take a key in a header of their own. */
  public record Header(String name) implements Presentation {
    public Header {
      requireNonNull(name, "name is null");
    }
  }

  /** A user name with the secret as its password: HTTP Basic, or SMTP AUTH. */
  public record Login(String username) implements Presentation {
    public Login {
      requireNonNull(username, "username is null");
    }
  }
}
