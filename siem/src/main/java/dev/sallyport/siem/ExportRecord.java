package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.ledger.AuditEvent;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.MerkleHasher;
import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.JsonValues;
import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One ledger entry as it leaves for a SIEM. Every record names its tenant and ledger index, which
 * together identify it for good; a full event also carries its event id. Receivers de-duplicate on
 * either, because delivery is at least once.
 *
 * @param tenant the log it comes from
 * @param index its position in that log
 * @param leafHash the leaf hash the ledger recorded for it (RFC 6962), so a receiver can tie the
 *     record to a receipt or a bundle
 * @param content what is known of it
 */
public record ExportRecord(TenantId tenant, long index, Hash leafHash, Content content) {
  // Read-only after construction; the same settings the audit log reads its events with.
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  public ExportRecord {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(leafHash, "leafHash is null");
    requireNonNull(content, "content is null");
    if (index < 0) {
      throw new IllegalArgumentException("index is negative");
    }
  }

  /** What the record says about the entry. */
  public sealed interface Content {}

  /**
   * The event, whose bytes hash to the recorded leaf hash.
   *
   * @param canonicalJson the event's RFC 8785 text exactly as stored
   */
  public record Event(AuditEvent event, String canonicalJson) implements Content {
    public Event {
      requireNonNull(event, "event is null");
      requireNonNull(canonicalJson, "canonicalJson is null");
    }
  }

  /** Retention removed the event; its leaf hash stays. */
  public record Pruned() implements Content {}

  /**
   * The stored entry cannot be vouched for: its bytes do not hash to the leaf hash, or they are not
   * an event of this tenant. It is exported rather than skipped, so the SIEM sees the problem; the
   * bytes themselves are not, because nothing says who wrote them.
   */
  public record Damaged(String problem) implements Content {
    public Damaged {
      requireNonNull(problem, "problem is null");
    }
  }

  /** Reads one ledger entry; never throws for what the entry holds. */
  static ExportRecord of(TenantId tenant, LedgerReader.Entry entry, MerkleHasher hasher) {
    if (entry.canonicalJson().isEmpty()) {
      return new ExportRecord(tenant, entry.index(), entry.leafHash(), new Pruned());
    }
    String text = entry.canonicalJson().get();
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    if (!hasher.leafHash(bytes).equals(entry.leafHash())) {
      return new ExportRecord(
          tenant, entry.index(), entry.leafHash(), new Damaged("leaf hash mismatch"));
    }
    AuditEvent event;
    try {
      @SuppressWarnings("unchecked")
      Map<String, Object> json = JSON.readValue(bytes, Map.class);
      event = AuditEvent.fromJson(JsonValues.immutableObject(json));
    } catch (IOException | RuntimeException e) {
      return new ExportRecord(
          tenant, entry.index(), entry.leafHash(), new Damaged("not an audit event"));
    }
    if (!event.tenant().equals(tenant)) {
      return new ExportRecord(
          tenant, entry.index(), entry.leafHash(), new Damaged("event of another tenant"));
    }
    return new ExportRecord(tenant, entry.index(), entry.leafHash(), new Event(event, text));
  }

  /**
   * The record as one line of JSON (no line break), members in sorted order:
   *
   * <pre>
   * {"event":{...},"id":"0197...","index":5,"leaf_hash":"...","tenant":"acme"}
   * {"index":1,"leaf_hash":"...","pruned":true,"tenant":"acme"}
   * {"damaged":"leaf hash mismatch","index":7,"leaf_hash":"...","tenant":"acme"}
   * </pre>
   *
   * The event is spliced in byte for byte, so {@code SHA-256(0x00 || event)} is the leaf hash.
   */
  public String json() {
    StringBuilder out = new StringBuilder(256);
    out.append('{');
    switch (content) {
      case Event e ->
          out.append("\"event\":")
              .append(e.canonicalJson())
              .append(",\"id\":")
              .append(CanonicalJson.string(e.event().id()))
              .append(',');
      case Damaged d ->
          out.append("\"damaged\":").append(CanonicalJson.string(d.problem())).append(',');
      case Pruned p -> {}
    }
    out.append("\"index\":").append(index);
    out.append(",\"leaf_hash\":").append(CanonicalJson.string(leafHash.base64()));
    if (content instanceof Pruned) {
      out.append(",\"pruned\":true");
    }
    out.append(",\"tenant\":").append(CanonicalJson.string(tenant.value()));
    return out.append('}').toString();
  }

  /** The event id, when the record carries an event. */
  public Optional<String> eventId() {
    return content instanceof Event e ? Optional.of(e.event().id()) : Optional.empty();
  }
}
