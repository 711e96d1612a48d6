package dev.sallyport.ledger.bundle;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InMemoryMerkleNodes;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.ledger.merkle.ProofBuilder;
import dev.sallyport.ledger.note.Ed25519NoteSigner;
import dev.sallyport.ledger.tlog.Checkpoint;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A tenant's log built in memory, the way the store will build it: events appended, some pruned by
 * retention, checkpoints signed at chosen sizes. Everything is deterministic.
 */
final class TestingLedger {
  static final String ORIGIN = "sallyport.example/acme";
  static final TenantId TENANT = TenantId.of("acme");

  final Ed25519NoteSigner signer;
  final List<AuditEvent> events = new ArrayList<>();
  final List<Hash> leafHashes = new ArrayList<>();
  final InMemoryMerkleNodes nodes = new InMemoryMerkleNodes();
  final ProofBuilder builder = new ProofBuilder(nodes);
  private final MerkleHasher hasher = new MerkleHasher();

  TestingLedger(int size) {
    this(size, seed(7));
  }

  TestingLedger(int size, byte[] seed) {
    this.signer = Ed25519NoteSigner.fromSeed(ORIGIN, seed);
    for (int i = 0; i < size; i++) {
      append(event(i));
    }
  }

  static byte[] seed(int value) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) value);
    return seed;
  }

  static AuditEvent event(int i) {
    return new AuditEvent(
        String.format("0197a5c2-0000-7000-8000-%012d", i),
        TENANT,
        Instant.parse("2026-03-01T09:00:00Z").plusSeconds(i),
        i % 3 == 0 ? "decision" : "action.dispatched",
        "agent-" + (i % 4),
        Optional.of("crm.update_contact"),
        Optional.of(String.format("%064x", i)),
        i % 5 == 0 ? "deny" : "allow",
        i % 5 == 0 ? "policy.forbid" : "policy.permit",
        List.of("rule-" + (i % 2)),
        Optional.of("act-" + i));
  }

  void append(AuditEvent event) {
    events.add(event);
    byte[] bytes = event.canonicalBytes();
    leafHashes.add(hasher.leafHash(bytes));
    nodes.appendData(bytes);
  }

  SignedCheckpoint checkpoint(long size) {
    return SignedCheckpoint.sign(new Checkpoint(ORIGIN, size, builder.root(size)), signer);
  }

  BundleManifest manifest() {
    return new BundleManifest(ORIGIN, TENANT, signer.verifierKey());
  }

  /**
   * The bundle with checkpoints at {@code sizes}; the entries in {@code pruned} keep only a hash.
   */
  byte[] bundle(List<SignedCheckpoint> checkpoints, Set<Integer> pruned) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      BundleWriter writer = new BundleWriter(out, manifest(), checkpoints);
      long size = checkpoints.getLast().checkpoint().size();
      for (int i = 0; i < size; i++) {
        if (pruned.contains(i)) {
          writer.appendPruned(leafHashes.get(i));
        } else {
          writer.appendEvent(events.get(i));
        }
      }
      writer.finish();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  byte[] bundle(long[] checkpointSizes, Set<Integer> pruned) {
    List<SignedCheckpoint> checkpoints = new ArrayList<>();
    for (long size : checkpointSizes) {
      checkpoints.add(checkpoint(size));
    }
    return bundle(checkpoints, pruned);
  }
}
