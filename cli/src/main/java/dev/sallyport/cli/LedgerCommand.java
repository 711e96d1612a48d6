package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.bundle.BundleTamperedException;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.bundle.VerifiedBundle;
import dev.sallyport.ledger.note.VerifierKey;
import dev.sallyport.ledger.store.LedgerDamagedException;
import dev.sallyport.ledger.store.Retention;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.SqliteAuditLog;
import dev.sallyport.store.sqlite.SqliteDatabase;
import dev.sallyport.store.sqlite.SqliteLedger;
import dev.sallyport.store.sqlite.SqliteRetention;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sallyport ledger}: status, export, retention and offline verification of ledgers. */
@Command(
    name = "ledger",
    description = "Inspect, export, prune and verify the tamper-evident ledger.",
    subcommands = {
      LedgerCommand.Status.class,
      LedgerCommand.Export.class,
      LedgerCommand.Prune.class,
      LedgerCommand.Verify.class
    })
final class LedgerCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Use: sallyport ledger status|export|prune|verify (see --help)");
  }

  @Command(
      name = "status",
      description = "Each tenant's log size and latest checkpoint, one tenant a line.")
  static final class Status implements Callable<Integer> {
    @Option(
        names = "--data",
        defaultValue = "data",
        description = "The data folder (default ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() {
      if (!Files.exists(data.resolve(EmbeddedGateway.DATABASE_FILE))) {
        System.err.println("no ledger in " + data);
        return Loading.REFUSED;
      }
      try (SqliteLedger ledger = EmbeddedGateway.openLedger(data, Clock.systemUTC())) {
        for (TenantId tenant : ledger.tenants()) {
          Optional<SignedCheckpoint> latest = ledger.latestCheckpoint(tenant);
          System.out.println(
              tenant
                  + " size="
                  + ledger.size(tenant)
                  + latest
                      .map(c ->
                          " checkpoint="
                              + c.checkpoint().size()
                              + " root="
                              + c.checkpoint().root().base64())
                      .orElse(" checkpoint=none")
                  + " key="
                  + ledger.verifierKey(tenant).encoded());
        }
      }
      return 0;
    }
  }

  @Command(
      name = "export",
      description = "Write a tenant's self-contained, offline-verifiable bundle.")
  static final class Export implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The deployment folder.")
    Path config;

    @Option(
        names = "--data",
        defaultValue = "data",
        description = "The data folder (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--tenant", required = true, description = "The tenant whose ledger to export.")
    String tenant;

    @Option(names = "--out", required = true, description = "The bundle file to write.")
    Path out;

    @Override
    public Integer call() throws IOException {
      Optional<Deployment> deployment = Loading.deploymentOrReport(config, System.err);
      if (deployment.isEmpty()) {
        return Loading.REFUSED;
      }
      TenantId id = TenantId.of(tenant);
      if (deployment.get().tenant(id).isEmpty()) {
        System.err.println("unknown tenant " + tenant);
        return Loading.REFUSED;
      }
      Path partial = out.resolveSibling(out.getFileName() + ".partial");
      try (SqliteLedger ledger = EmbeddedGateway.openLedger(data, Clock.systemUTC())) {
        try (OutputStream stream = Files.newOutputStream(partial)) {
          ledger.export(id, stream);
        }
        Files.move(
            partial, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.out.println("wrote " + out + " (" + ledger.size(id) + " entries in the log)");
        return 0;
      } catch (LedgerDamagedException e) {
        Files.deleteIfExists(partial);
        System.err.println("LEDGER DAMAGED at index " + e.index() + ": " + e.getMessage());
        return 1;
      }
    }
  }

  @Command(
      name = "prune",
      description =
          "Remove event payloads older than ledger.retention (or --before) from every tenant's"
              + " ledger; leaf hashes, proofs and checkpoints stay. Run it while serve is stopped:"
              + " serve prunes by itself every hour.")
  static final class Prune implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The deployment folder.")
    Path config;

    @Option(
        names = "--data",
        defaultValue = "data",
        description = "The data folder (default ${DEFAULT-VALUE}).")
    Path data;

    @Option(
        names = "--before",
        paramLabel = "ISO-INSTANT",
        description =
            "Prune only events before this instant, e.g. 2026-01-01T00:00:00Z; it may not be"
                + " later than now minus ledger.retention.")
    String before;

    @Override
    public Integer call() {
      Optional<Deployment> deployment = Loading.deploymentOrReport(config, System.err);
      if (deployment.isEmpty()) {
        return Loading.REFUSED;
      }
      Clock clock = Clock.systemUTC();
      Duration keep = deployment.get().ledger().retention();
      Instant cutoff = clock.instant().minus(keep);
      if (before != null) {
        Instant asked;
        try {
          asked = Instant.parse(before);
        } catch (DateTimeParseException e) {
          System.err.println(
              "--before must be an ISO-8601 instant such as 2026-01-01T00:00:00Z, not '"
                  + before
                  + "'");
          return Loading.REFUSED;
        }
        // Retention is a promise to keep payloads that long: the command prunes less, never more.
        if (asked.isAfter(cutoff)) {
          System.err.println(
              "--before "
                  + asked
                  + " would prune events younger than ledger.retention ("
                  + keep.toDays()
                  + "d, so at most up to "
                  + cutoff
                  + "); shorten ledger.retention instead");
          return Loading.REFUSED;
        }
        cutoff = asked;
      }
      if (!Files.exists(data.resolve(EmbeddedGateway.DATABASE_FILE))) {
        System.err.println("no ledger in " + data);
        return Loading.REFUSED;
      }
      boolean failed = false;
      SqliteDatabase database = SqliteDatabase.open(data);
      try (SqliteAuditLog audit = new SqliteAuditLog(database, Duration.ofSeconds(30));
          SqliteLedger ledger = EmbeddedGateway.ledger(database, data, clock);
          SqliteRetention retention =
              new SqliteRetention(
                  database, ledger, audit, clock, SiemExport.hold(deployment.get(), data))) {
        for (TenantId tenant : ledger.tenants()) {
          try {
            Optional<Retention.Pruned> pruned = retention.prune(tenant, cutoff);
            if (pruned.isPresent()) {
              System.out.println(
                  tenant
                      + ": pruned "
                      + pruned.get().count()
                      + " payloads of entries "
                      + pruned.get().first()
                      + "-"
                      + pruned.get().last()
                      + " (events before "
                      + cutoff
                      + "); recorded as ledger.pruned at index "
                      + pruned.get().eventIndex());
            } else {
              System.out.println(tenant + ": nothing to prune before " + cutoff);
            }
          } catch (RuntimeException e) {
            // Fail closed (a store error, a damaged tree, an unwritable audit log, a tree the
            // checkpoint cannot prove): this tenant's payloads stay; say so, go on with the others.
            System.out.println("PRUNE FAILED for " + tenant + ", payloads kept: " + e.getMessage());
            failed = true;
          }
        }
      }
      return failed ? 1 : 0;
    }
  }

  @Command(
      name = "verify",
      description = "Verify a bundle offline; exit 0 when intact, 1 naming the first bad index.")
  static final class Verify implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The bundle.")
    Path bundle;

    @Option(
        names = "--key",
        description =
            "The tenant's verifier key, obtained out of band (otherwise the bundle's own key is used).")
    String key;

    @Override
    public Integer call() throws IOException {
      Optional<VerifierKey> pinned = Optional.empty();
      try {
        if (key != null) {
          pinned = Optional.of(VerifierKey.parse(key));
        }
        VerifiedBundle verified = new BundleVerifier(pinned).verify(bundle);
        System.out.println(
            "OK "
                + verified.manifest().origin()
                + ": "
                + verified.size()
                + " entries, "
                + verified.checkpoints()
                + " checkpoints consistent, root "
                + verified.latest().root().base64()
                + (verified.prunedEntries() > 0 ? ", " + verified.prunedEntries() + " pruned" : "")
                + (verified.keyPinned()
                    ? ", key pinned"
                    : ", key taken from the bundle (pin it with --key)"));
        return 0;
      } catch (BundleTamperedException e) {
        System.out.println(
            "TAMPERED at index " + e.index() + ": " + e.kind() + " (" + e.getMessage() + ")");
        return 1;
      } catch (LedgerFormatException e) {
        System.out.println("MALFORMED: " + e.getMessage());
        return 1;
      }
    }
  }
}
