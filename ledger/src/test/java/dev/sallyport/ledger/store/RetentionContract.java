package dev.sallyport.ledger.store;

import static dev.sallyport.ledger.store.AuditLogContract.ACME;
import static dev.sallyport.ledger.store.AuditLogContract.GLOBEX;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.bundle.VerifiedBundle;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.ledger.tlog.TlogProof;
import dev.sallyport.model.TenantId;
import dev.sallyport.testing.TestingClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention on every backend, written once: bodies older than the cut-off go, leaf hashes, tiles
 * and checkpoints stay, everything an auditor checks afterwards still verifies, and nothing a SIEM
 * sink has not exported yet is ever removed.
 */
public abstract class RetentionContract {
  /** Event {@code n} of a log happened {@code n} hours after this. */
  private static final Instant FIRST_EVENT = Instant.parse("2026-01-05T00:00:00Z");

  @TempDir Path folder;
  final TestingClock clock = new TestingClock(FIRST_EVENT.plus(Duration.ofDays(100)));
  final MerkleHasher hasher = new MerkleHasher();

  /** What the hold says for every tenant; tests lower it to act as a SIEM sink that lags. */
  final AtomicLong held = new AtomicLong(Long.MAX_VALUE);

  protected LedgerBackend backend;
  protected SigningKeys keys;
  protected AuditLog log;
  protected Ledger ledger;
  protected Retention retention;

  /** A fresh, empty database of the backend. */
  protected abstract LedgerBackend newBackend();

  @BeforeEach
  void open() {
    backend = newBackend();
    keys = new TestingSigningKeys("sallyport.local");
    log = backend.openLog();
    ledger = backend.openLedger(keys, clock);
    retention = backend.openRetention(ledger, log, clock, tenant -> held.get(), 3);
  }

  @AfterEach
  void close() {
    retention.close();
    ledger.close();
    log.close();
    backend.close();
  }

  private static AuditEvent event(TenantId tenant, int n, Instant time) {
    AuditEvent template = AuditLogContract.event(tenant, n);
    return new AuditEvent(
        template.id(),
        tenant,
        time,
        template.type(),
        template.actor(),
        template.tool(),
        template.argumentsDigest(),
        template.outcome(),
        template.reason(),
        template.ruleIds(),
        template.actionId());
  }

  private static Instant hour(int n) {
    return FIRST_EVENT.plus(Duration.ofHours(n));
  }

  /** {@code count} events of {@code tenant}, event {@code n} at {@link #hour}(n); their leaves. */
  private List<Hash> appendHourly(TenantId tenant, int count) {
    List<Hash> leaves = new ArrayList<>();
    for (int n = 0; n < count; n++) {
      AuditEvent event = event(tenant, n, hour(n));
      log.append(event);
      leaves.add(hasher.leafHash(event.canonicalBytes()));
    }
    return leaves;
  }

  private VerifiedBundle exportAndVerify(TenantId tenant) throws Exception {
    Path bundle = folder.resolve(tenant.value() + ".bundle");
    try (var out = Files.newOutputStream(bundle)) {
      ledger.export(tenant, out);
    }
    return new BundleVerifier(Optional.of(ledger.verifierKey(tenant))).verify(bundle);
  }

  private List<Long> indicesWithABody(TenantId tenant) {
    return backend
        .query(
            "SELECT idx FROM audit_events WHERE tenant = '"
                + tenant.value()
                + "' AND body IS NOT NULL ORDER BY idx")
        .stream()
        .map(Long::valueOf)
        .toList();
  }

  private static List<Long> range(long from, long toExclusive) {
    List<Long> indices = new ArrayList<>();
    for (long i = from; i < toExclusive; i++) {
      indices.add(i);
    }
    return indices;
  }

  @Test
  void prunesBodiesBeforeTheCutoffAndTheExportStillVerifies() throws Exception {
    appendHourly(ACME, 20);

    Retention.Pruned pruned = retention.prune(ACME, hour(10)).orElseThrow();

    assertThat(pruned.first()).isZero();
    assertThat(pruned.last()).isEqualTo(9);
    assertThat(pruned.count()).isEqualTo(10);
    assertThat(pruned.eventIndex()).isEqualTo(20);
    assertThat(indicesWithABody(ACME)).isEqualTo(range(10, 21));
    VerifiedBundle verified = exportAndVerify(ACME);
    assertThat(verified.size()).isEqualTo(21);
    assertThat(verified.prunedEntries()).isEqualTo(10);
    assertThat(verified.keyPinned()).isTrue();
  }

  @Test
  void recordsALedgerPrunedEventNamingTheCutoffTheRangeAndTheCount() {
    appendHourly(ACME, 20);

    Retention.Pruned pruned = retention.prune(ACME, hour(10)).orElseThrow();

    AuditEvent recorded = log.read(ACME, pruned.eventIndex(), 1).get(0);
    assertThat(recorded.type()).isEqualTo("ledger.pruned");
    assertThat(recorded.actor()).isEqualTo("system");
    assertThat(recorded.outcome()).isEqualTo("pruned");
    assertThat(recorded.reason()).isEqualTo("cutoff:2026-01-05T10:00:00Z range:0-9 count:10");
    assertThat(recorded.time()).isEqualTo(clock.instant());
    assertThat(recorded.tool()).isEmpty();
  }

  @Test
  void proofsReceiptsAndConsistencyOfPrunedEntriesStillVerify() throws Exception {
    List<Hash> leaves = appendHourly(ACME, 20);
    ledger.checkpoint(ACME);
    SignedCheckpoint before = ledger.latestCheckpoint(ACME).orElseThrow();

    assertThat(retention.prune(ACME, hour(10))).isPresent();
    SignedCheckpoint after = ledger.checkpoint(ACME).orElseThrow();

    assertThat(after.checkpoint().size()).isEqualTo(21);
    for (int index : new int[] {0, 4, 9, 10, 19}) {
      ledger
          .inclusion(ACME, index, before.checkpoint().size())
          .verify(leaves.get(index), before.checkpoint().root());
      ledger
          .inclusion(ACME, index, after.checkpoint().size())
          .verify(leaves.get(index), after.checkpoint().root());
      TlogProof receipt =
          TlogProof.parse(TlogProof.of(ledger.inclusion(ACME, index, 21), after).toBytes());
      receipt.verify(leaves.get(index), ledger.verifierKey(ACME), "sallyport.local/acme");
    }
    ledger.consistency(ACME, 20, 21).verify(before.checkpoint().root(), after.checkpoint().root());
  }

  @Test
  void prunedEntriesKeepTheirLeafHashAndLoseTheirEvent() {
    List<Hash> leaves = appendHourly(ACME, 6);

    assertThat(retention.prune(ACME, hour(3))).isPresent();

    List<LedgerReader.Entry> entries = ledger.entries(ACME, 0, 6);
    assertThat(entries).extracting(LedgerReader.Entry::leafHash).isEqualTo(leaves);
    assertThat(entries.subList(0, 3)).allMatch(e -> e.canonicalJson().isEmpty());
    assertThat(entries.subList(3, 6)).allMatch(e -> e.canonicalJson().isPresent());
  }

  @Test
  void neverTouchesAnEventAtOrAfterTheCutoff() {
    Instant cutoff = Instant.parse("2026-02-01T12:00:00Z");
    // Boundaries in nanoseconds: before, exactly at, after.
    log.append(event(ACME, 0, cutoff.minusNanos(2)));
    log.append(event(ACME, 1, cutoff.minusNanos(1)));
    log.append(event(ACME, 2, cutoff));
    log.append(event(ACME, 3, cutoff.plusNanos(1)));

    Retention.Pruned pruned = retention.prune(ACME, cutoff).orElseThrow();

    assertThat(pruned.count()).isEqualTo(2);
    assertThat(indicesWithABody(ACME)).containsExactly(2L, 3L, 4L);
  }

  @Test
  void stopsAtTheFirstEventThatMustStayEvenIfOlderOnesFollow() {
    // Appends from concurrent callers can land slightly out of time order.
    log.append(event(ACME, 0, hour(0)));
    log.append(event(ACME, 1, hour(9)));
    log.append(event(ACME, 2, hour(1)));

    Retention.Pruned pruned = retention.prune(ACME, hour(5)).orElseThrow();

    assertThat(pruned.last()).isZero();
    assertThat(indicesWithABody(ACME)).containsExactly(1L, 2L, 3L);
    // Once event 1 is old enough, the next run catches up.
    assertThat(retention.prune(ACME, hour(10)).orElseThrow().count()).isEqualTo(2);
    assertThat(indicesWithABody(ACME)).containsExactly(3L, 4L);
  }

  @Test
  void prunesNothingOfALogWithoutOldEventsAndRecordsNothing() {
    appendHourly(ACME, 5);

    assertThat(retention.prune(ACME, hour(0))).isEmpty();
    assertThat(retention.prune(TenantId.of("initech"), hour(100))).isEmpty();

    assertThat(log.size(ACME)).isEqualTo(5);
    assertThat(indicesWithABody(ACME)).isEqualTo(range(0, 5));
  }

  @Test
  void aSecondRunRemovesOnlyWhatIsNewlyOldAndNeverRecordsAnEmptyRun() throws Exception {
    appendHourly(ACME, 10);
    assertThat(retention.prune(ACME, hour(4))).isPresent();
    long size = log.size(ACME);

    assertThat(retention.prune(ACME, hour(4))).isEmpty();
    assertThat(log.size(ACME)).isEqualTo(size);

    Retention.Pruned second = retention.prune(ACME, hour(7)).orElseThrow();
    assertThat(second.first()).isEqualTo(4);
    assertThat(second.last()).isEqualTo(6);
    assertThat(exportAndVerify(ACME).prunedEntries()).isEqualTo(7);
  }

  @Test
  void prunesOnlyCheckpointedEntriesAndSignsTheCheckpointFirst() {
    appendHourly(ACME, 8);
    assertThat(ledger.latestCheckpoint(ACME)).isEmpty();

    Retention.Pruned pruned = retention.prune(ACME, hour(100)).orElseThrow();

    long signed = ledger.checkpoints(ACME, 10).getLast().checkpoint().size();
    assertThat(signed).isEqualTo(8);
    assertThat(pruned.last()).isLessThan(signed);
    // The ledger.pruned event itself came after that checkpoint and keeps its body.
    assertThat(indicesWithABody(ACME)).containsExactly(8L);
  }

  @Test
  void neverPrunesAnEntryASiemSinkHasNotExportedYet() throws Exception {
    appendHourly(ACME, 10);
    // The slowest sink has delivered entries 0-3; entry 4 is the next it must read.
    held.set(4);

    Retention.Pruned pruned = retention.prune(ACME, hour(100)).orElseThrow();

    assertThat(pruned.last()).isEqualTo(3);
    assertThat(indicesWithABody(ACME)).isEqualTo(range(4, 11));
    assertThat(ledger.entries(ACME, 4, 10)).allMatch(e -> e.canonicalJson().isPresent());

    held.set(0);
    assertThat(retention.prune(ACME, hour(100))).isEmpty();

    held.set(7);
    assertThat(retention.prune(ACME, hour(100)).orElseThrow().last()).isEqualTo(6);
    assertThat(indicesWithABody(ACME)).isEqualTo(range(7, 12));
    assertThat(exportAndVerify(ACME).prunedEntries()).isEqualTo(7);
  }

  @Test
  void aHoldThatCannotBeToldPrunesNothingAndRecordsNothing() {
    appendHourly(ACME, 6);
    try (Retention blind =
        backend.openRetention(
            ledger,
            log,
            clock,
            tenant -> {
              throw new IllegalStateException(
                  "cursor file soc.cursor: the checksum does not match");
            },
            3)) {
      assertThatThrownBy(() -> blind.prune(ACME, hour(100)))
          .hasMessageContaining("checksum does not match");
    }

    assertThat(indicesWithABody(ACME)).isEqualTo(range(0, 6));
    assertThat(log.size(ACME)).isEqualTo(6);
  }

  @Test
  void aTenantsRetentionNeverTouchesAnotherTenant() throws Exception {
    appendHourly(ACME, 6);
    appendHourly(GLOBEX, 6);

    assertThat(retention.prune(ACME, hour(100))).isPresent();

    assertThat(indicesWithABody(GLOBEX)).isEqualTo(range(0, 6));
    assertThat(log.size(GLOBEX)).isEqualTo(6);
    assertThat(exportAndVerify(GLOBEX).prunedEntries()).isZero();
  }

  @Test
  void aDatabaseErrorKeepsTheFailingBatchAndTheNextRunContinues() throws Exception {
    appendHourly(ACME, 10);
    // Batches of 3: [0,3) commits, [3,6) hits the failure at 4 and must keep 3 as well.
    backend.refuseBodyRemovalAt(4);

    assertThatThrownBy(() -> retention.prune(ACME, hour(100)))
        .isInstanceOf(LedgerStoreException.class)
        .hasMessageContaining("entries 3 to 5 of tenant acme; they are kept");

    assertThat(indicesWithABody(ACME)).isEqualTo(range(3, 11));
    assertThat(exportAndVerify(ACME).prunedEntries()).isEqualTo(3);

    backend.allowBodyRemoval();
    Retention.Pruned resumed = retention.prune(ACME, hour(100)).orElseThrow();
    assertThat(resumed.first()).isEqualTo(3);
    assertThat(resumed.count()).isEqualTo(7);
    assertThat(exportAndVerify(ACME).prunedEntries()).isEqualTo(10);
  }

  @Test
  void anEditedBodyIsNeverPrunedAwayAndNothingElseIsEither() {
    appendHourly(ACME, 10);
    backend.editBody(5, "agent-5", "agent-9");

    assertThatThrownBy(() -> retention.prune(ACME, hour(100)))
        .isInstanceOf(LedgerStoreException.class)
        .hasMessageContaining("entry 5 of tenant acme does not match its leaf hash");

    assertThat(indicesWithABody(ACME)).isEqualTo(range(0, 10));
    assertThat(log.size(ACME)).isEqualTo(10);
  }

  @Test
  void aTreeThatCannotBeCheckpointedIsNotPruned() {
    appendHourly(ACME, 4);
    // A checkpoint signed by the tenant's own key over a tree these entries do not extend: the
    // next checkpoint cannot be proven consistent with it, so none is signed, and none covers them.
    SignedCheckpoint forged =
        SignedCheckpoint.sign(
            new Checkpoint("sallyport.local/acme", 3, Hash.of(new byte[32])), keys.signer(ACME));
    backend.insertCheckpointNote(3, forged.toBytes());

    assertThatThrownBy(() -> retention.prune(ACME, hour(100)))
        .isInstanceOf(LedgerStoreException.class)
        .hasMessageContaining("not consistent with checkpoint 3");

    assertThat(indicesWithABody(ACME)).isEqualTo(range(0, 4));
  }

  @Test
  void whenThePrunedEventCannotBeRecordedNothingIsRemoved() {
    appendHourly(ACME, 6);
    AuditLog refusing =
        new AuditLog() {
          @Override
          public long append(AuditEvent event) {
            throw new AuditUnavailableException("the audit log is full", null);
          }

          @Override
          public List<AuditEvent> read(TenantId tenant, long from, int limit) {
            return log.read(tenant, from, limit);
          }

          @Override
          public long size(TenantId tenant) {
            return log.size(tenant);
          }

          @Override
          public boolean isWritable() {
            return false;
          }

          @Override
          public void close() {}
        };
    try (Retention withoutAudit =
        backend.openRetention(ledger, refusing, clock, RetentionHold.NONE, 1000)) {
      assertThatThrownBy(() -> withoutAudit.prune(ACME, hour(100)))
          .isInstanceOf(AuditUnavailableException.class);
    }

    assertThat(indicesWithABody(ACME)).isEqualTo(range(0, 6));
  }

  @Test
  void theRetentionMarkSurvivesARestart() throws Exception {
    appendHourly(ACME, 7);
    assertThat(retention.prune(ACME, hour(5))).isPresent();
    retention.close();
    log.close();
    log = backend.openLog();
    retention = backend.openRetention(ledger, log, clock, RetentionHold.NONE, 3);

    Retention.Pruned next = retention.prune(ACME, hour(100)).orElseThrow();

    assertThat(next.first()).isEqualTo(5);
    assertThat(next.last()).isEqualTo(6);
    assertThat(exportAndVerify(ACME).prunedEntries()).isEqualTo(7);
  }
}
