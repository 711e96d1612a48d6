package dev.sallyport.siem;

import dev.sallyport.model.TenantId;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Exporters paced for tests: quick polls and short back-offs, so retries happen in milliseconds.
 */
final class TestExporters {
  static final Backoff QUICK = new Backoff(Duration.ofMillis(50), Duration.ofMillis(400));

  private TestExporters() {}

  static SiemExporter exporter(
      String name, Sink sink, TestLedger ledger, Path state, int batchSize, Duration maxWait) {
    return new SiemExporter(
        name,
        sink,
        ledger.source(),
        List.of(TestLedger.ACME, TestLedger.GLOBEX),
        new CursorFile(state.resolve(name + ".cursor")),
        new SiemExporter.Pacing(batchSize, maxWait, Duration.ofMillis(20), QUICK),
        Clock.systemUTC(),
        new SplittableRandom(1));
  }

  static SiemExporter started(
      String name, Sink sink, TestLedger ledger, Path state, int batchSize, Duration maxWait) {
    SiemExporter exporter = exporter(name, sink, ledger, state, batchSize, maxWait);
    exporter.start();
    return exporter;
  }

  static List<TenantId> tenants() {
    return List.of(TestLedger.ACME, TestLedger.GLOBEX);
  }
}
