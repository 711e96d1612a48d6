package dev.sallyport.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for something a component does on its own thread, by checking a condition, never by
 * sleeping a fixed time. The bound only catches a hang; a slow machine just waits longer.
 */
public final class Eventually {
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private Eventually() {}

  /**
   * Returns as soon as {@code condition} holds.
   *
   * @throws AssertionError naming {@code what} when it has not held within 30 s
   */
  public static void until(String what, BooleanSupplier condition) throws InterruptedException {
    until(what, PATIENCE, condition);
  }

  /**
   * Returns as soon as {@code condition} holds, checking it every 10 ms (for what takes longer than
   * 30 s on its own, such as an identity provider starting).
   *
   * @throws AssertionError naming {@code what} when it has not held within {@code patience}
   */
  public static void until(String what, Duration patience, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() - deadline > 0) {
        throw new AssertionError("gave up waiting until " + what);
      }
      Thread.sleep(10);
    }
  }
}
