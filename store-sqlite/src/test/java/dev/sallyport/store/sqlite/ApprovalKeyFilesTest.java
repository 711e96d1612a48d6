package dev.sallyport.store.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.approval.ApprovalLink;
import dev.sallyport.approval.LinkTokenException;
import dev.sallyport.approval.LinkTokens;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Approval keys in the data folder: private, per tenant, and the same after a restart. */
class ApprovalKeyFilesTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Set<TenantId> TENANTS = Set.of(ACME, GLOBEX);

  @TempDir Path data;
  @TempDir Path temp;

  @Test
  void aLinkIssuedBeforeARestartVerifiesAfterIt() throws Exception {
    TestingClock clock = new TestingClock(Instant.parse("2026-01-05T10:00:00Z"));
    String token =
        new LinkTokens(new ApprovalKeyFiles(data, TENANTS, new SecureRandom()), clock)
            .issue(
                new ApprovalLink(
                    ACME, "a-1", "finance-approvers", clock.instant().plusSeconds(600), "n-1"));

    ApprovalLink link =
        new LinkTokens(new ApprovalKeyFiles(data, TENANTS, new SecureRandom()), clock)
            .verify(token);

    assertThat(link.approvalId()).isEqualTo("a-1");
  }

  @Test
  void keepsEachTenantsSeedPrivateAndApart() throws Exception {
    ApprovalKeyFiles keys = new ApprovalKeyFiles(data, TENANTS, new SecureRandom());
    KeyPair acme = keys.of(ACME).orElseThrow();
    KeyPair globex = keys.of(GLOBEX).orElseThrow();

    Path seed = data.resolve("approval-keys/acme.seed");
    assertThat(Files.size(seed)).isEqualTo(32);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(seed)))
        .isEqualTo("rw-------");
    assertThat(acme.getPublic()).isNotEqualTo(globex.getPublic());
    assertThat(
            new ApprovalKeyFiles(data, TENANTS, new SecureRandom())
                .of(ACME)
                .orElseThrow()
                .getPublic())
        .isEqualTo(acme.getPublic());
    try (var listing = Files.list(data.resolve("approval-keys"))) {
      assertThat(listing.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("acme.seed", "globex.seed");
    }
  }

  @Test
  void aTenantOutsideTheDeploymentHasNoKeyAndGetsNoFile() throws Exception {
    ApprovalKeyFiles keys = new ApprovalKeyFiles(data, Set.of(ACME), new SecureRandom());
    TestingClock clock = new TestingClock(Instant.parse("2026-01-05T10:00:00Z"));
    LinkTokens links = new LinkTokens(keys, clock);
    // A link naming another tenant, as someone might forge one: signed with a key of its own.
    String forged =
        new LinkTokens(new ApprovalKeyFiles(temp, TENANTS, new SecureRandom()), clock)
            .issue(
                new ApprovalLink(
                    GLOBEX, "a-1", "finance-approvers", clock.instant().plusSeconds(600), "n-1"));

    assertThat(keys.of(GLOBEX)).isEmpty();
    assertThatThrownBy(() -> links.verify(forged)).isInstanceOf(LinkTokenException.class);
    assertThat(links.verify(forged, ACME)).isEmpty();
    assertThat(data.resolve("approval-keys/globex.seed")).doesNotExist();
  }
}
