package dev.sallyport.gateway.http;

import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.ledger.merkle.ConsistencyProof;
import dev.sallyport.ledger.merkle.Hash;
import dev.sallyport.ledger.merkle.InclusionProof;
import dev.sallyport.ledger.tlog.SignedCheckpoint;
import dev.sallyport.ledger.tlog.TlogProof;
import dev.sallyport.model.ErrorCode;
import dev.sallyport.model.HttpRoute;
import dev.sallyport.model.Principal;
import dev.sallyport.model.TenantId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The auditor's view of the caller's own tenant ledger: {@code checkpoint} (C2SP signed note),
 * {@code entries?start=&end=}, {@code proof/inclusion?index=&size=}, {@code
 * proof/consistency?from=&to=} and {@code receipt?index=} (C2SP tlog-proof). Only people with the
 * {@code auditor} role get in; the tenant is the token's, and sizes beyond the latest signed
 * checkpoint are refused ({@link LedgerQuery}), so every answer can be checked against a signed
 * root. An entry pruned by retention keeps its leaf hash and says {@code pruned} instead of giving
 * its event.
 */
final class LedgerRoutes {
  static final String PREFIX = "/v1/ledger/";

  /** The routes served here: the checkpoint and one per {@link LedgerQuery.Endpoint}. */
  static final List<HttpRoute> ROUTES =
      Stream.concat(
              Stream.of("checkpoint"),
              Arrays.stream(LedgerQuery.Endpoint.values()).map(LedgerQuery.Endpoint::path))
          .map(name -> new HttpRoute("GET", PREFIX + name))
          .toList();

  /** The Sallyport role that may read ledgers. */
  static final String AUDITOR_ROLE = "auditor";

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
    String name = path.substring(PREFIX.length());
    if (name.equals("checkpoint")) {
      latest.ifPresentOrElse(
          checkpoint ->
              replies.text(response, callback, "text/plain; charset=utf-8", checkpoint.toBytes()),
          () ->
              replies.problem(
                  response, callback, ErrorCode.NOT_FOUND, "no checkpoint yet", Map.of()));
      return;
    }
    Optional<LedgerQuery.Endpoint> endpoint = LedgerQuery.Endpoint.of(name);
    if (endpoint.isEmpty()) {
      replies.problem(response, callback, ErrorCode.NOT_FOUND, "no such endpoint", Map.of());
      return;
    }
    if (endpoint.get() == LedgerQuery.Endpoint.RECEIPT && latest.isEmpty()) {
      replies.problem(response, callback, ErrorCode.NOT_FOUND, "no checkpoint yet", Map.of());
      return;
    }
    long signedSize = latest.map(c -> c.checkpoint().size()).orElse(0L);
    LedgerQuery query;
    try {
      query = LedgerQuery.parse(endpoint.get(), request.getHttpURI().getQuery(), signedSize);
    } catch (MalformedRequestException e) {
      replies.problem(response, callback, ErrorCode.MALFORMED_REQUEST, e.getMessage(), Map.of());
      return;
    }
    switch (query) {
      case LedgerQuery.Entries(long start, long end) -> {
        List<Map<String, Object>> entries = new ArrayList<>();
        for (LedgerReader.Entry entry : ledger.entries(tenant, start, end)) {
          // A pruned entry keeps its leaf hash (what proofs need) and says it has no event.
          Map<String, Object> json = new LinkedHashMap<>();
          json.put("index", entry.index());
          json.put("leaf_hash", entry.leafHash().base64());
          entry
              .canonicalJson()
              .ifPresentOrElse(e -> json.put("event", e), () -> json.put("pruned", true));
          entries.add(json);
        }
        replies.json(response, callback, 200, Map.of("tree_size", signedSize, "entries", entries));
      }
      case LedgerQuery.Inclusion(long index, long size) -> {
        InclusionProof proof = ledger.inclusion(tenant, index, size);
        replies.json(
            response,
            callback,
            200,
            Map.of("index", index, "tree_size", size, "hashes", base64(proof.hashes())));
      }
      case LedgerQuery.Consistency(long from, long to) -> {
        ConsistencyProof proof = ledger.consistency(tenant, from, to);
        replies.json(
            response,
            callback,
            200,
            Map.of("from", from, "to", to, "hashes", base64(proof.hashes())));
      }
      case LedgerQuery.Receipt(long index, long size) -> {
        TlogProof receipt =
            TlogProof.of(ledger.inclusion(tenant, index, size), latest.orElseThrow());
        replies.text(response, callback, "text/plain; charset=utf-8", receipt.toBytes());
      }
    }
  }

  private static List<String> base64(List<Hash> hashes) {
    return hashes.stream().map(Hash::base64).toList();
  }
}
