package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.ledger.LedgerFormatException;
import dev.sallyport.ledger.bundle.BundleTamperedException;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.bundle.VerifiedBundle;
import dev.sallyport.ledger.note.VerifierKey;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.model.TenantId;
import dev.sallyport.store.sqlite.LedgerDamagedException;
import dev.sallyport.store.sqlite.SqliteLedger;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sallyport ledger}: status, export and offline verification of tenant ledgers. */
@Command(
    name = "ledger",
    description = "Inspect, export and verify the tamper-evident ledger.",
    subcommands = {
      LedgerCommand.Status.class,
      LedgerCommand.Export.class,
      LedgerCommand.Verify.class
    })
final class LedgerCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Use: sallyport ledger status|export|verify (see --help)");
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
