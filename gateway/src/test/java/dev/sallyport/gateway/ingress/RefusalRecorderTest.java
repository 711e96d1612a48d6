package dev.sallyport.gateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.testing.TestingClock;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Refusals reach the ledger at a bounded rate, and the events still add up to every refusal. */
class RefusalRecorderTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");
  private static final Pattern UNRECORDED = Pattern.compile(" unrecorded:(\\d+)$");

  private final TestingClock clock = new TestingClock(Instant.parse("2026-01-05T10:00:00Z"));
  private final MemoryAuditLog log = new MemoryAuditLog();
  private final RefusalRecorder recorder =
      new RefusalRecorder(
          new AuditRecorder(log, clock, new TimeOrderedIds(clock, new SecureRandom())),
          List.of(GLOBEX, ACME),
          clock);

  private void refuse(int times, String group, String source) {
    for (int i = 0; i < times; i++) {
      recorder.refused(group, source, RefusalReason.SOURCE_NOT_ALLOWED);
    }
  }

  private List<AuditEvent> events(TenantId tenant) {
    return log.events.stream().filter(e -> e.tenant().equals(tenant)).toList();
  }

  private static long unrecorded(AuditEvent event) {
    Matcher m = UNRECORDED.matcher(event.reason());
    assertThat(m.find()).as(event.reason()).isTrue();
    return Long.parseLong(m.group(1));
  }

  /** Refusals the events of one tenant stand for: each one itself and those it summarises. */
  private long accountedFor(TenantId tenant) {
    return events(tenant).stream().mapToLong(e -> 1 + unrecorded(e)).sum();
  }

  @Test
  void recordsTheFirstRefusalOfASourceAndSummarisesTheRestInTheNextEvent() {
    refuse(100, "agent", "203.0.113.0/24");
    clock.advance(Duration.ofSeconds(59));
    refuse(1, "agent", "203.0.113.0/24");

    assertThat(events(ACME)).hasSize(1);
    AuditEvent first = events(ACME).get(0);
    assertThat(first.type()).isEqualTo("ingress.refused");
    assertThat(first.actor()).isEqualTo("unauthenticated");
    assertThat(first.outcome()).isEqualTo("refused");
    assertThat(first.reason())
        .isEqualTo("source_not_allowed group:agent source:203.0.113.0/24 unrecorded:0");

    clock.advance(Duration.ofSeconds(1));
    refuse(1, "agent", "203.0.113.0/24");

    assertThat(events(ACME)).hasSize(2);
    assertThat(events(ACME).get(1).reason()).endsWith(" unrecorded:100");
    assertThat(accountedFor(ACME)).isEqualTo(102);
  }

  @Test
  void eachGroupAndSourcePrefixHasItsOwnWindow() {
    refuse(5, "agent", "203.0.113.0/24");
    refuse(5, "metrics", "203.0.113.0/24");
    refuse(5, "agent", "198.51.100.0/24");
    refuse(5, "agent", "2001:db8::/64");

    assertThat(events(ACME))
        .extracting(AuditEvent::reason)
        .containsExactly(
            "source_not_allowed group:agent source:203.0.113.0/24 unrecorded:0",
            "source_not_allowed group:metrics source:203.0.113.0/24 unrecorded:4",
            "source_not_allowed group:agent source:198.51.100.0/24 unrecorded:4",
            "source_not_allowed group:agent source:2001:db8::/64 unrecorded:4");
  }

  @Test
  void deploymentWideAtMostABurstThenOnePerRefill() {
    for (int i = 0; i < 50; i++) {
      refuse(1, "agent", "10.0." + i + ".0/24");
    }
    assertThat(events(ACME)).hasSize(RefusalRecorder.BURST);

    clock.advance(RefusalRecorder.REFILL);
    refuse(1, "agent", "10.1.0.0/24");
    refuse(1, "agent", "10.1.1.0/24");

    assertThat(events(ACME)).hasSize(RefusalRecorder.BURST + 1);
    assertThat(events(ACME).get(RefusalRecorder.BURST).reason()).endsWith(" unrecorded:40");

    clock.advance(RefusalRecorder.REFILL.multipliedBy(1_000));
    for (int i = 0; i < 50; i++) {
      refuse(1, "agent", "10.2." + i + ".0/24");
    }
    // The bucket refills up to the burst, never beyond it, however long it stood full.
    assertThat(events(ACME)).hasSize(2 * RefusalRecorder.BURST + 1);
  }

  @Test
  void everyTenantsLogGetsEveryEvent() {
    refuse(3, "admin", "192.0.2.0/24");

    assertThat(events(ACME)).hasSize(1);
    assertThat(events(GLOBEX)).hasSize(1);
    assertThat(events(GLOBEX).get(0).reason()).isEqualTo(events(ACME).get(0).reason());
  }

  @Test
  void anEventThatCouldNotBeWrittenIsCarriedIntoTheNext() {
    log.broken = true;
    refuse(1, "agent", "203.0.113.0/24");
    log.broken = false;
    refuse(1, "agent", "198.51.100.0/24");

    assertThat(events(ACME)).hasSize(1);
    assertThat(events(ACME).get(0).reason()).endsWith("source:198.51.100.0/24 unrecorded:1");
  }

  @Test
  void aClockThatGoesBackNeitherStopsNorFloodsTheRecords() {
    for (int i = 0; i < 20; i++) {
      refuse(1, "agent", "10.0." + i + ".0/24");
    }
    clock.advance(Duration.ofHours(-1));
    for (int i = 0; i < 20; i++) {
      refuse(1, "agent", "10.3." + i + ".0/24");
    }
    clock.advance(RefusalRecorder.REFILL);
    refuse(1, "agent", "10.4.0.0/24");

    assertThat(events(ACME)).hasSize(RefusalRecorder.BURST + 1);
  }

  /** An audit log in memory that can be told to refuse appends. */
  private static final class MemoryAuditLog implements AuditLog {
    final List<AuditEvent> events = new ArrayList<>();
    volatile boolean broken;

    @Override
    public synchronized long append(AuditEvent event) {
      if (broken) {
        throw new AuditUnavailableException("disk full", null);
      }
      events.add(event);
      return events.size() - 1;
    }

    @Override
    public synchronized List<AuditEvent> read(TenantId tenant, long from, int limit) {
      return events.stream()
          .filter(e -> e.tenant().equals(tenant))
          .skip(from)
          .limit(limit)
          .toList();
    }

    @Override
    public synchronized long size(TenantId tenant) {
      return events.stream().filter(e -> e.tenant().equals(tenant)).count();
    }

    @Override
    public boolean isWritable() {
      return !broken;
    }

    @Override
    public void close() {}
  }
}
