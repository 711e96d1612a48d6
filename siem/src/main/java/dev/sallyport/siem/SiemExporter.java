package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers every tenant's ledger to one sink, at least once, in index order per tenant.
 *
 * <p>One virtual thread per exporter repeats a round: for each tenant, read the entries after the
 * cursor (at most a batch), hand them to the sink, and only when the sink returns move the cursor
 * and save it ({@link CursorFile}). A restart therefore resumes where the last saved cursor points,
 * and repeats at most the batch that was in flight. A sink that fails is retried after an
 * exponential back-off; its cursor simply stays, so its backlog is the ledger itself and costs
 * nothing while it waits. Nothing here touches the audit writer: appends and decisions go on at
 * their own pace whatever the sink does.
 *
 * <p>The exporter never skips ahead. When the ledger no longer holds what the cursor points at (a
 * cursor beyond the end of the log, an entry missing), the exporter stops and says why instead of
 * jumping over the hole.
 */
public final class SiemExporter {
  private static final Logger LOG = LoggerFactory.getLogger(SiemExporter.class);

  /** A receiver's {@code Retry-After} is honoured up to this; longer would look like an outage. */
  static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(10);

  /**
   * How an exporter paces itself.
   *
   * @param batchSize the most records per delivery
   * @param maxWait how long records may wait for a batch to fill before they go anyway (0: never)
   * @param pollInterval how often the ledger is looked at when there was nothing to send
   * @param backoff delays between failed deliveries
   */
  public record Pacing(int batchSize, Duration maxWait, Duration pollInterval, Backoff backoff) {
    public Pacing {
      requireNonNull(maxWait, "maxWait is null");
      requireNonNull(pollInterval, "pollInterval is null");
      requireNonNull(backoff, "backoff is null");
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be positive");
      }
      if (maxWait.isNegative() || pollInterval.isNegative() || pollInterval.isZero()) {
        throw new IllegalArgumentException("maxWait must be >= 0 and pollInterval > 0");
      }
    }
  }

  private final String name;
  private final Sink sink;
  private final LedgerSource source;
  private final List<TenantId> tenants;
  private final CursorFile cursorFile;
  private final Pacing pacing;
  private final Clock clock;
  private final RandomGenerator random;
  private final MerkleHasher hasher = new MerkleHasher();

  private final Map<TenantId, Long> cursors = new ConcurrentHashMap<>();
  private final Map<TenantId, Long> lag = new ConcurrentHashMap<>();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final CountDownLatch stopRequested = new CountDownLatch(1);
  private volatile long drainDeadlineNanos;
  private volatile SinkStatus.State state = SinkStatus.State.STARTING;
  private volatile String lastError;
  private volatile Instant lastDelivery;
  private volatile Thread thread;

  public SiemExporter(
      String name,
      Sink sink,
      LedgerSource source,
      List<TenantId> tenants,
      CursorFile cursorFile,
      Pacing pacing,
      Clock clock,
      RandomGenerator random) {
    this.name = requireNonNull(name, "name is null");
    this.sink = requireNonNull(sink, "sink is null");
    this.source = requireNonNull(source, "source is null");
    this.tenants = List.copyOf(tenants);
    this.cursorFile = requireNonNull(cursorFile, "cursorFile is null");
    this.pacing = requireNonNull(pacing, "pacing is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.random = requireNonNull(random, "random is null");
  }

  /**
   * Loads the cursor and starts exporting on a virtual thread. A cursor file that cannot be trusted
   * leaves this exporter {@link SinkStatus.State#STOPPED} (and says so in the log and the status);
   * it never starts over from the beginning or from anywhere else by itself.
   */
  public synchronized void start() {
    if (thread != null || state != SinkStatus.State.STARTING) {
      throw new IllegalStateException("exporter " + name + " was already started");
    }
    try {
      cursors.putAll(cursorFile.load());
    } catch (CursorFileException e) {
      stop(
          e.getMessage()
              + "; the sink is stopped. Delete the file to export every retained entry again"
              + " (receivers de-duplicate), then restart");
      return;
    }
    thread = Thread.ofVirtual().name("siem-" + name).start(this::run);
  }

  /** The exporter's status now. */
  public SinkStatus status() {
    return new SinkStatus(
        name,
        sink.destination(),
        state,
        lag,
        delivered.get(),
        failures.get(),
        Optional.ofNullable(lastError),
        Optional.ofNullable(lastDelivery));
  }

  public String name() {
    return name;
  }

  /** Entries not yet delivered over all tenants, as of the last round. */
  long totalLag() {
    return lag.values().stream().mapToLong(Long::longValue).sum();
  }

  long deliveredCount() {
    return delivered.get();
  }

  long failureCount() {
    return failures.get();
  }

  SinkStatus.State state() {
    return state;
  }

  /**
   * Asks the exporter to deliver what is pending and stop, giving up at {@code deadlineNanos}
   * ({@link System#nanoTime()}). Returns at once; {@link #awaitStopped} waits.
   */
  void requestStop(long deadlineNanos) {
    drainDeadlineNanos = deadlineNanos;
    stopRequested.countDown();
  }

  /**
   * Waits until the deadline given to {@link #requestStop}; a delivery still running then is
   * abandoned (the sink is closed under it, its batch will be sent again after a restart).
   */
  void awaitStopped() {
    Thread running = thread;
    if (running != null) {
      try {
        long remaining = drainDeadlineNanos - System.nanoTime();
        if (remaining > 0) {
          running.join(Duration.ofNanos(remaining));
        }
        if (running.isAlive()) {
          LOG.warn("siem sink {}: abandoning the delivery in flight at shutdown", name);
          sink.close();
          running.interrupt();
          running.join(Duration.ofSeconds(2));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    sink.close();
    if (state != SinkStatus.State.STOPPED) {
      state = SinkStatus.State.CLOSED;
    }
  }

  /** Delivers what it can within {@code drain}, then stops. */
  public void close(Duration drain) {
    requestStop(System.nanoTime() + drain.toNanos());
    awaitStopped();
  }

  private void run() {
    int failuresInRow = 0;
    int batchLimit = pacing.batchSize();
    Map<TenantId, Instant> waitingSince = new HashMap<>();
    while (!Thread.currentThread().isInterrupted()) {
      boolean draining = stopRequested.getCount() == 0;
      if (draining && System.nanoTime() - drainDeadlineNanos >= 0) {
        return;
      }
      Duration pause;
      try {
        boolean delivering = round(draining, batchLimit, waitingSince);
        if (failuresInRow > 0) {
          LOG.info("siem sink {}: delivering again after {} failures", name, failuresInRow);
        }
        failuresInRow = 0;
        batchLimit = pacing.batchSize();
        state = SinkStatus.State.EXPORTING;
        if (delivering) {
          continue;
        }
        if (draining) {
          return;
        }
        pause = pacing.pollInterval();
      } catch (DeliveryException e) {
        failuresInRow++;
        failed(e.getMessage(), failuresInRow);
        if (draining) {
          return;
        }
        pause =
            switch (e.kind()) {
              case REJECTED -> pacing.backoff().max();
              case TOO_LARGE -> {
                batchLimit = Math.max(1, batchLimit / 2);
                yield pacing.backoff().delay(1, random);
              }
              case RETRYABLE -> pacing.backoff().delay(failuresInRow, random);
            };
        if (e.retryAfter().isPresent()) {
          Duration asked = e.retryAfter().get();
          Duration honoured = asked.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : asked;
          pause = honoured.compareTo(pause) > 0 ? honoured : pause;
        }
      } catch (ExportStoppedException e) {
        stop(e.getMessage());
        return;
      } catch (RuntimeException e) {
        // Reading the ledger failed (a busy or closing database): like a failed delivery, retried.
        failuresInRow++;
        failed("cannot read the ledger: " + e, failuresInRow);
        if (draining) {
          return;
        }
        pause = pacing.backoff().delay(failuresInRow, random);
      }
      try {
        // Returns early when a stop is requested, so that the drain starts at once.
        stopRequested.await(pause.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /**
   * One pass over the tenants: at most one batch each.
   *
   * @return whether anything was delivered
   */
  private boolean round(boolean draining, int batchLimit, Map<TenantId, Instant> waitingSince)
      throws DeliveryException, ExportStoppedException {
    boolean delivering = false;
    for (TenantId tenant : tenants) {
      long size = source.size(tenant);
      long next = cursors.getOrDefault(tenant, 0L);
      if (next > size) {
        throw new ExportStoppedException(
            "the cursor of tenant "
                + tenant
                + " is at "
                + next
                + " but its log holds "
                + size
                + " entries: the ledger was replaced or cut back. The sink is stopped rather than"
                + " skip entries; delete "
                + cursorFile.path()
                + " to export every retained entry again, then restart");
      }
      long pending = size - next;
      lag.put(tenant, pending);
      if (pending == 0) {
        waitingSince.remove(tenant);
        continue;
      }
      if (!draining && pending < batchLimit && !pacing.maxWait().isZero()) {
        Instant now = clock.instant();
        Instant since = waitingSince.computeIfAbsent(tenant, t -> now);
        if (now.isBefore(since.plus(pacing.maxWait()))) {
          continue;
        }
      }
      long end = next + Math.min(pending, batchLimit);
      List<ExportRecord> records = records(tenant, next, end);
      sink.deliver(records);
      cursors.put(tenant, end);
      delivered.addAndGet(records.size());
      lastDelivery = clock.instant();
      lag.put(tenant, size - end);
      if (size == end) {
        waitingSince.remove(tenant);
      } else {
        waitingSince.put(tenant, clock.instant());
      }
      delivering = true;
      try {
        cursorFile.store(cursors);
      } catch (IOException e) {
        // Delivered but not remembered: a restart would send the batch again, which is allowed.
        throw new DeliveryException("cannot save " + cursorFile.path() + ": " + e, e);
      }
    }
    return delivering;
  }

  private List<ExportRecord> records(TenantId tenant, long start, long end)
      throws ExportStoppedException {
    List<LedgerReader.Entry> entries = source.entries(tenant, start, end);
    List<ExportRecord> records = new ArrayList<>(entries.size());
    for (LedgerReader.Entry entry : entries) {
      long expected = start + records.size();
      if (entry.index() != expected) {
        throw missing(tenant, expected);
      }
      ExportRecord record = ExportRecord.of(tenant, entry, hasher);
      if (record.content() instanceof ExportRecord.Damaged damaged) {
        LOG.error(
            "siem sink {}: entry {} of tenant {} is damaged ({}); exported as such",
            name,
            entry.index(),
            tenant,
            damaged.problem());
      }
      records.add(record);
    }
    if (records.size() != end - start) {
      throw missing(tenant, start + records.size());
    }
    return records;
  }

  private ExportStoppedException missing(TenantId tenant, long index) {
    return new ExportStoppedException(
        "entry "
            + index
            + " of tenant "
            + tenant
            + " is missing from the ledger; the sink is stopped rather than skip it. Check the"
            + " ledger (sallyport ledger export names the damage)");
  }

  private void failed(String message, int inRow) {
    failures.incrementAndGet();
    lastError = message;
    state = SinkStatus.State.RETRYING;
    LOG.warn("siem sink {}: delivery failed ({} in a row), will retry: {}", name, inRow, message);
  }

  private void stop(String message) {
    lastError = message;
    state = SinkStatus.State.STOPPED;
    LOG.error("siem sink {}: {}", name, message);
  }

  /** The ledger does not hold what the cursor needs: stop, never skip. */
  private static final class ExportStoppedException extends Exception {
    private static final long serialVersionUID = 1L;

    ExportStoppedException(String message) {
      super(message);
    }
  }
}
