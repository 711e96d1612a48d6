package dev.sallyport.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What every {@link SecretStore} promises, run against each driver by a subclass: the value at the
 * reference, read at lease time; another tenant's reference refused; a missing secret not found;
 * schemes it does not serve refused; failures that never carry the value.
 */
abstract class SecretStoreContract {
  static final TenantId ACME = TenantId.of("acme");
  static final String VALUE = "contract-value-Q7x";
  static final Duration TTL = Duration.ofSeconds(60);

  abstract SecretStore store();

  /** A reference of tenant acme that holds {@link #VALUE}. */
  abstract SecretReference ownReference();

  /** A reference under another tenant's paths that holds a value. */
  abstract SecretReference foreignReference();

  /** A reference of tenant acme where nothing is stored. */
  abstract SecretReference missingReference();

  /** A reference of a scheme the store does not serve. */
  abstract SecretReference unservedReference();

  /** Changes the value at {@link #ownReference()}. */
  abstract void rotate(String newValue) throws Exception;

  @Test
  void leasesTheValueAtTheReference() throws Exception {
    StoreLease lease = store().lease(ACME, ownReference(), TTL);
    try {
      assertThat(lease.fields()).hasSize(1);
      assertThat(new String(only(lease.fields()).revealChars())).isEqualTo(VALUE);
    } finally {
      lease.revoke();
      lease.fields().values().forEach(Secret::close);
    }
  }

  @Test
  void readsTheValueAtEveryLease() throws Exception {
    StoreLease first = store().lease(ACME, ownReference(), TTL);
    first.revoke();

    rotate("rotated-value-Z9");

    StoreLease second = store().lease(ACME, ownReference(), TTL);
    assertThat(new String(only(second.fields()).revealChars())).isEqualTo("rotated-value-Z9");
    second.revoke();
  }

  @Test
  void refusesAReferenceOfAnotherTenant() {
    assertRefused(foreignReference(), Reason.FOREIGN_PATH);
  }

  @Test
  void aMissingSecretIsNotFound() {
    assertRefused(missingReference(), Reason.NOT_FOUND);
  }

  @Test
  void refusesSchemesItDoesNotServe() {
    assertThat(store().schemes()).doesNotContain(unservedReference().scheme());
    assertRefused(unservedReference(), Reason.NOT_CONFIGURED);
  }

  private void assertRefused(SecretReference reference, Reason reason) {
    assertThatThrownBy(() -> store().lease(ACME, reference, TTL))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e).hasMessageStartingWith("secret " + reference + " unavailable: ");
              assertThat(e.getMessage()).doesNotContain(VALUE);
            });
  }

  private static Secret only(Map<String, Secret> fields) {
    return fields.values().iterator().next();
  }
}
