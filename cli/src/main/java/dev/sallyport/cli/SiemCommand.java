package dev.sallyport.cli;

import dev.sallyport.config.Deployment;
import dev.sallyport.config.SiemSinkSettings;
import dev.sallyport.model.TenantId;
import dev.sallyport.siem.CursorFile;
import dev.sallyport.siem.CursorFileException;
import dev.sallyport.store.sqlite.SqliteLedger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sallyport siem}: where each SIEM sink has got to, read from its cursor file. */
@Command(
    name = "siem",
    description = "Inspect the export of the ledger to the SIEM.",
    subcommands = {SiemCommand.Status.class})
final class SiemCommand implements Runnable {
  @Override
  public void run() {
    System.out.println("Use: sallyport siem status (see --help)");
  }

  @Command(
      name = "status",
      description =
          "For each sink and tenant: the next index to deliver, the log size and the lag."
              + " Works with the server stopped.")
  static final class Status implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "The deployment folder.")
    Path config;

    @Option(
        names = "--data",
        defaultValue = "data",
        description = "The data folder (default ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() {
      Optional<Deployment> deployment = Loading.deploymentOrReport(config, System.err);
      if (deployment.isEmpty()) {
        return Loading.REFUSED;
      }
      if (deployment.get().siem().isEmpty()) {
        System.out.println("no siem sinks configured");
        return 0;
      }
      if (!Files.exists(data.resolve(EmbeddedGateway.DATABASE_FILE))) {
        System.err.println("no ledger in " + data);
        return Loading.REFUSED;
      }
      int exit = 0;
      try (SqliteLedger ledger = EmbeddedGateway.openLedger(data, Clock.systemUTC())) {
        for (SiemSinkSettings sink : deployment.get().siem()) {
          CursorFile file =
              new CursorFile(
                  data.resolve(SiemExport.STATE_FOLDER).resolve(sink.name() + ".cursor"));
          Map<TenantId, Long> cursors;
          try {
            cursors = file.load();
          } catch (CursorFileException e) {
            System.out.println(sink.name() + " STOPPED " + e.getMessage());
            exit = 1;
            continue;
          }
          for (TenantId tenant :
              deployment.get().tenants().keySet().stream()
                  .sorted((a, b) -> a.value().compareTo(b.value()))
                  .toList()) {
            long next = cursors.getOrDefault(tenant, 0L);
            long size = ledger.size(tenant);
            System.out.println(
                sink.name()
                    + " "
                    + tenant
                    + " next="
                    + next
                    + " size="
                    + size
                    + (next > size ? " AHEAD OF THE LOG" : " lag=" + (size - next)));
            if (next > size) {
              exit = 1;
            }
          }
        }
      }
      return exit;
    }
  }
}
