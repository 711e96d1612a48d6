package dev.sallyport.siem;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for something the exporter does on its own thread. The bound only catches a hang. */
final class Await {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private Await() {}

  static void until(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up waiting until " + what);
      }
      Thread.sleep(10);
    }
  }
}
