package dev.sallyport.store.sqlite;

import static dev.sallyport.store.sqlite.AppendUntilKilled.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.bundle.BundleVerifier;
import dev.sallyport.ledger.bundle.VerifiedBundle;
import dev.sallyport.testing.TestingClock;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What "append returns only after the entry is durable" means when the process dies: a writer
 * process ({@link AppendUntilKilled}) appends from many threads and is killed with SIGKILL at
 * different moments; after every kill a fresh log on the same folder must hold every acknowledged
 * event, byte for byte at its acknowledged index, must take new appends, and must export a bundle
 * that verifies from the first entry to the last, across every earlier crash.
 */
class CrashDurabilityTest {
  private static final int THREADS = 16;

  /**
   * When each round's process is killed: after this many of its appends were acknowledged; 0 kills
   * it as soon as it says it started, while it opens (and on the first round creates and migrates)
   * the database and creates the signing key.
   */
  private static final int[] KILL_AFTER_ACKS = {0, 1, 40, 400, 1000};

  @TempDir Path temp;

  /** One acknowledged append. */
  private record Ack(long index, int round, int thread, long sequence) {
    AuditEvent event() {
      return AppendUntilKilled.event(round, thread, sequence);
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void everyAcknowledgedAppendSurvivesSigkillAndTheLogStillVerifies() throws Exception {
    Path data = temp.resolve("data");
    Map<Long, Ack> acknowledged = new HashMap<>();
    for (int round = 0; round < KILL_AFTER_ACKS.length; round++) {
      List<Ack> acks = runAndKill(data, round, KILL_AFTER_ACKS[round]);
      for (Ack ack : acks) {
        Ack earlier = acknowledged.put(ack.index(), ack);
        assertThat(earlier).as("index %d acknowledged twice", ack.index()).isNull();
      }
      checkAfterRestart(data, acknowledged, round);
    }
    assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(1 + 40 + 400 + 1000);
  }

  /** Starts the writer, kills it after {@code killAfter} acknowledgements, returns them all. */
  private List<Ack> runAndKill(Path data, int round, int killAfter) throws Exception {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    Process writer =
        new ProcessBuilder(
                java,
                "-Xshare:auto",
                "-XX:TieredStopAtLevel=1",
                "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                AppendUntilKilled.class.getName(),
                data.toString(),
                Integer.toString(round),
                Integer.toString(THREADS))
            .redirectError(temp.resolve("writer-" + round + ".err").toFile())
            .start();
    List<Ack> acks = new ArrayList<>();
    CountDownLatch reached = new CountDownLatch(1);
    AtomicInteger seen = new AtomicInteger();
    Thread reader =
        Thread.ofPlatform()
            .start(() -> {
              try (BufferedReader lines =
                  new BufferedReader(
                      new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                  if (!line.endsWith(" ;")) {
                    continue; // cut short by the kill: not an acknowledgement
                  }
                  String[] words = line.split(" ");
                  if (words[0].equals("ack")) {
                    synchronized (acks) {
                      acks.add(
                          new Ack(
                              Long.parseLong(words[1]),
                              Integer.parseInt(words[2]),
                              Integer.parseInt(words[3]),
                              Long.parseLong(words[4])));
                    }
                    if (seen.incrementAndGet() >= killAfter) {
                      reached.countDown();
                    }
                  } else if (words[0].equals("started") && killAfter == 0) {
                    reached.countDown();
                  }
                }
              } catch (IOException e) {
                // The pipe breaks when the process dies; what was read is what was acknowledged.
              }
            });
    try {
      assertThat(reached.await(30, TimeUnit.SECONDS))
          .as(
              "round %d: %d acknowledgements before the kill (stderr in writer-%d.err: %s)",
              round, killAfter, round, stderr(round))
          .isTrue();
    } finally {
      writer.destroyForcibly();
      assertThat(writer.waitFor(10, TimeUnit.SECONDS)).isTrue();
      reader.join(10_000);
    }
    assertThat(writer.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);
    synchronized (acks) {
      return List.copyOf(acks);
    }
  }

  private String stderr(int round) {
    try {
      return Files.readString(temp.resolve("writer-" + round + ".err"));
    } catch (IOException e) {
      return "unreadable";
    }
  }

  /**
   * A fresh log on the folder: every acknowledged event is there, the log takes an append, and the
   * whole log exports to a bundle that verifies with the tenant's key.
   */
  private void checkAfterRestart(Path data, Map<Long, Ack> acknowledged, int round)
      throws Exception {
    SqliteDatabase database = SqliteDatabase.open(data);
    TestingClock clock = new TestingClock(Instant.parse("2026-01-06T00:00:00Z"));
    try (SqliteAuditLog log = new SqliteAuditLog(database, Duration.ofSeconds(10));
        SqliteLedger ledger =
            new SqliteLedger(
                database,
                new LedgerSigningKeys(data, "sallyport.local", new SecureRandom()),
                clock)) {
      long size = log.size(TENANT);
      Map<Long, AuditEvent> stored = new HashMap<>();
      for (long from = 0; from < size; from += 5000) {
        List<AuditEvent> page = log.read(TENANT, from, 5000);
        for (int i = 0; i < page.size(); i++) {
          stored.put(from + i, page.get(i));
        }
      }
      for (Ack ack : acknowledged.values()) {
        assertThat(stored.get(ack.index()))
            .as("round %d: acknowledged index %d after the kill", round, ack.index())
            .isEqualTo(ack.event());
      }
      AuditEvent probe = AppendUntilKilled.event(round, 99, 0);
      assertThat(log.append(probe)).isEqualTo(size);

      Path bundle = temp.resolve("crash-" + round + ".bundle");
      try (OutputStream out = Files.newOutputStream(bundle)) {
        ledger.export(TENANT, out);
      }
      VerifiedBundle verified =
          new BundleVerifier(Optional.of(ledger.verifierKey(TENANT))).verify(bundle);
      assertThat(verified.size()).isEqualTo(size + 1);
    }
  }
}
