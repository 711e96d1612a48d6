package dev.sallyport.gateway.http;

import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.merkle.ConsistencyProof;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InclusionProof;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.ledger.tlog.TlogProof;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The auditor's view of the caller's own tenant ledger: {@code checkpoint} (C2SP signed note),
 * {@code entries?start=&end=}, {@code proof/inclusion?index=&size=}, {@code
 * proof/consistency?from=&to=} and {@code receipt?index=} (C2SP tlog-proof). Only people with the
 * {@code auditor} role get in; the tenant is the token's, and sizes beyond the latest signed
 * checkpoint are refused, so every answer can be checked against a signed root.
 */
final class LedgerRoutes {
  static final String PREFIX = "/v1/ledger/";

  /** The Sallyport role that may read ledgers. */
  static final String AUDITOR_ROLE = "auditor";

  private static final int MAX_ENTRIES = 1000;

  private final LedgerReader ledger;
  private final HttpReplies replies;

  LedgerRoutes(LedgerReader ledger, HttpReplies replies) {
    this.ledger = ledger;
    this.replies = replies;
  }

  void handle(
      String path, Request request, Response response, Callback callback, Principal principal) {
    if (principal.isAgent() || !principal.roles().contains(AUDITOR_ROLE)) {
      replies.problem(
          response, callback, ErrorCode.FORBIDDEN, "the ledger is for auditors", Map.of());
      return;
    }
    TenantId tenant = principal.tenant();
    Optional<SignedCheckpoint> latest = ledger.latestCheckpoint(tenant);
    long signedSize = latest.map(c -> c.checkpoint().size()).orElse(0L);
    Fields query = Request.extractQueryParameters(request);
    try {
      switch (path.substring(PREFIX.length())) {
        case "checkpoint" -> {
          if (latest.isEmpty()) {
            replies.problem(response, callback, ErrorCode.NOT_FOUND, "no checkpoint yet", Map.of());
            return;
          }
          replies.text(response, callback, "text/plain; charset=utf-8", latest.get().toBytes());
        }
        case "entries" -> {
          long start = number(query, "start", 0, signedSize);
          long end = number(query, "end", start, Math.min(signedSize, start + MAX_ENTRIES));
          List<Map<String, Object>> entries = new ArrayList<>();
          for (LedgerReader.Entry entry : ledger.entries(tenant, start, end)) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("index", entry.index());
            json.put("leaf_hash", entry.leafHash().base64());
            entry
                .canonicalJson()
                .ifPresentOrElse(e -> json.put("event", e), () -> json.put("pruned", true));
            entries.add(json);
          }
          replies.json(
              response, callback, 200, Map.of("tree_size", signedSize, "entries", entries));
        }
        case "proof/inclusion" -> {
          long size = number(query, "size", 1, signedSize);
          long index = number(query, "index", 0, size - 1);
          InclusionProof proof = ledger.inclusion(tenant, index, size);
          replies.json(
              response,
              callback,
              200,
              Map.of("index", index, "tree_size", size, "hashes", base64(proof.hashes())));
        }
        case "proof/consistency" -> {
          long to = number(query, "to", 1, signedSize);
          long from = number(query, "from", 1, to);
          ConsistencyProof proof = ledger.consistency(tenant, from, to);
          replies.json(
              response,
              callback,
              200,
              Map.of("from", from, "to", to, "hashes", base64(proof.hashes())));
        }
        case "receipt" -> {
          if (latest.isEmpty()) {
            replies.problem(response, callback, ErrorCode.NOT_FOUND, "no checkpoint yet", Map.of());
            return;
          }
          long index = number(query, "index", 0, signedSize - 1);
          TlogProof receipt =
              TlogProof.of(ledger.inclusion(tenant, index, signedSize), latest.get());
          replies.text(response, callback, "text/plain; charset=utf-8", receipt.toBytes());
        }
        default ->
            replies.problem(response, callback, ErrorCode.NOT_FOUND, "no such endpoint", Map.of());
      }
    } catch (BadParameterException e) {
      replies.problem(response, callback, ErrorCode.MALFORMED_REQUEST, e.getMessage(), Map.of());
    }
  }

  /** A required decimal parameter within [min, max]; anything else is a 400 naming it. */
  static long number(Fields query, String name, long min, long max) throws BadParameterException {
    List<String> values = query.getValues(name);
    if (values == null || values.size() != 1) {
      throw new BadParameterException("'" + name + "' is required once");
    }
    String text = values.get(0);
    if (text.isEmpty() || text.length() > 19 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new BadParameterException("'" + name + "' must be a non-negative decimal integer");
    }
    long value = Long.parseLong(text);
    if (value < min || value > max) {
      throw new BadParameterException("'" + name + "' must be between " + min + " and " + max);
    }
    return value;
  }

  private static List<String> base64(List<Hash> hashes) {
    return hashes.stream().map(Hash::base64).toList();
  }

  /** A query parameter the caller got wrong; the message names it. */
  static final class BadParameterException extends Exception {
    private static final long serialVersionUID = 1L;

    BadParameterException(String message) {
      super(message);
    }
  }
}
