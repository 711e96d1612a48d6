package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs the record of a final approval outcome: the exact call (action, tool, arguments digest,
 * policy version), the outcome, and each person's verdict with their IdP identity. The ledger keeps
 * the record and its signature, so an auditor can check who approved what without trusting the
 * database.
 */
public final class DecisionSigner {
  private final ApprovalKeys keys;

  public DecisionSigner(ApprovalKeys keys) {
    this.keys = requireNonNull(keys, "keys is null");
  }

  /** Signs the final {@code status} of {@code request}, decided at {@code decidedAt}. */
  public SignedDecision sign(ApprovalRequest request, ApprovalStatus status, Instant decidedAt) {
    if (!status.isFinal()) {
      throw new IllegalArgumentException("only a final outcome is signed");
    }
    String json = CanonicalJson.string(record(request, status, decidedAt));
    KeyPair pair =
        keys.of(request.tenant())
            .orElseThrow(() -> new IllegalStateException("the tenant has no approval key"));
    try {
      Signature signer = Signature.getInstance("Ed25519");
      signer.initSign(pair.getPrivate());
      signer.update(json.getBytes(StandardCharsets.UTF_8));
      return new SignedDecision(
          json, Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign an approval decision", e);
    }
  }

  /** Whether {@code decision} carries a valid signature by {@code key}. */
  public static boolean verify(SignedDecision decision, PublicKey key) {
    try {
      Signature verifier = Signature.getInstance("Ed25519");
      verifier.initVerify(key);
      verifier.update(decision.canonicalJson().getBytes(StandardCharsets.UTF_8));
      return verifier.verify(Base64.getUrlDecoder().decode(decision.signature()));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return false;
    }
  }

  private static Map<String, Object> record(
      ApprovalRequest request, ApprovalStatus status, Instant decidedAt) {
    List<Vote> votes =
        switch (status) {
          case ApprovalStatus.Approved a -> a.votes();
          case ApprovalStatus.Rejected r -> List.of(r.by());
          case ApprovalStatus.Expired e -> List.of();
          case ApprovalStatus.Pending p -> throw new IllegalArgumentException("not final");
        };
    List<Object> verdicts = new ArrayList<>();
    for (Vote vote : votes) {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("approver", vote.approverId());
      v.put("name", vote.approverName());
      v.put("verdict", vote.verdict().wireName());
      vote.reason().ifPresent(reason -> v.put("reason", reason));
      v.put("at", vote.at().toString());
      verdicts.add(v);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("v", 1L);
    out.put("approval", request.id());
    out.put("tenant", request.tenant().value());
    out.put("action", request.actionId());
    out.put("agent", request.agentId());
    out.put("tool", request.tool());
    out.put("args_sha256", request.argumentsDigest());
    out.put("policy_version", request.policyVersion());
    out.put("outcome", status.wireName());
    out.put("votes", verdicts);
    out.put("decided_at", decidedAt.toString());
    return out;
  }
}
