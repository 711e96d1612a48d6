package dev.sallyport.siem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.config.SiemSinkSettings;
import dev.sallyport.ledger.store.LedgerStoreException;
import dev.sallyport.model.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What retention may not prune for the SIEM export: read from the sinks' real cursor files, the
 * lowest next index across sinks, everything when a sink has none, and nothing at all when a cursor
 * file cannot be trusted.
 */
class SiemRetentionHoldTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");

  @TempDir Path state;

  private SiemSinkSettings sink(String name) {
    return new SiemSinkSettings.Jsonl(name, state.resolve(name + ".jsonl"));
  }

  private void cursor(String sink, Map<TenantId, Long> next) throws Exception {
    new CursorFile(state.resolve(sink + ".cursor")).store(next);
  }

  @Test
  void holdsFromTheLowestCursorAcrossSinks() throws Exception {
    cursor("fast", Map.of(ACME, 900L, GLOBEX, 40L));
    cursor("slow", Map.of(ACME, 120L, GLOBEX, 45L));

    SiemRetentionHold hold = new SiemRetentionHold(List.of(sink("fast"), sink("slow")), state);

    assertThat(hold.heldFrom(ACME)).isEqualTo(120);
    assertThat(hold.heldFrom(GLOBEX)).isEqualTo(40);
  }

  @Test
  void aSinkThatHasExportedNothingHoldsEverything() throws Exception {
    cursor("fast", Map.of(ACME, 900L));

    SiemRetentionHold hold = new SiemRetentionHold(List.of(sink("fast"), sink("new")), state);

    assertThat(hold.heldFrom(ACME)).isZero();
    assertThat(new SiemRetentionHold(List.of(sink("fast")), state).heldFrom(GLOBEX)).isZero();
  }

  @Test
  void withoutSinksNothingIsHeld() {
    assertThat(new SiemRetentionHold(List.of(), state).heldFrom(ACME)).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void aDamagedCursorFileRefusesRatherThanGuessing() throws Exception {
    cursor("fast", Map.of(ACME, 900L));
    Path file = state.resolve("fast.cursor");
    Files.writeString(file, Files.readString(file).replace("acme 900", "acme 990"));

    SiemRetentionHold hold = new SiemRetentionHold(List.of(sink("fast")), state);

    assertThatThrownBy(() -> hold.heldFrom(ACME))
        .isInstanceOf(LedgerStoreException.class)
        .hasMessageContaining("nothing is pruned");
  }
}
