package dev.sallyport.executor.connector;

import java.util.Optional;

/**
 * A credential held for one execution. {@link #close()} releases (revokes) it; MUST NOT throw, and
 * MUST be safe to call more than once.
 */
public interface CredentialLease extends AutoCloseable {
  /** A lease of nothing. */
  CredentialLease EMPTY =
      new CredentialLease() {
        @Override
        public Optional<Credential> credential() {
          return Optional.empty();
        }

        @Override
        public void close() {}
      };

  /** The credential, or empty when the connector needs none. */
  Optional<Credential> credential();

  @Override
  void close();
}
