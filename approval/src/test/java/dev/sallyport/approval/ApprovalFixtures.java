package dev.sallyport.approval;

import dev.sallyport.model.Principal;
import dev.sallyport.model.PrincipalKind;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.ToolCall;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Requests, people and keys shared by the approval tests and the store contract. */
public final class ApprovalFixtures {
  public static final TenantId ACME = TenantId.of("acme");
  public static final TenantId GLOBEX = TenantId.of("globex");
  public static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  public static final ApproverRule FINANCE_LEADS =
      new ApproverRule("finance-approvers", Set.of("finance-leads"), Set.of(), 1, true);

  private ApprovalFixtures() {}

  public static ApprovalRequest request(String id, ApproverRule... rules) {
    return request(ACME, id, rules);
  }

  public static ApprovalRequest request(TenantId tenant, String id, ApproverRule... rules) {
    return requestAt(NOW, tenant, id, rules);
  }

  /**
   * The same request made at {@code at} and open for 15 minutes from then: for tests whose clock
   * must follow real time (an identity provider signs their tokens with it).
   */
  public static ApprovalRequest requestAt(
      Instant at, TenantId tenant, String id, ApproverRule... rules) {
    return new ApprovalRequest(
        id,
        call(tenant, id),
        Optional.of("frank@acme.example"),
        Map.of("amount", 25_000L, "iban", "DE89 **** 3000"),
        "v-1",
        List.of("payments.big"),
        "payments over 10,000 need a finance lead",
        rules.length == 0 ? List.of(FINANCE_LEADS) : List.of(rules),
        at,
        at.plusSeconds(900),
        "nonce-" + id);
  }

  /** The held call: finance-bot paying a supplier. */
  public static ToolCall call(TenantId tenant, String actionId) {
    return new ToolCall(
        actionId,
        new Principal(
            tenant, "finance-bot", PrincipalKind.AGENT, Set.of("finance-agent"), Set.of()),
        "payments.pay_supplier",
        Map.of("amount", 25_000L, "iban", "DE89370400440532013000", "memo", "INV-7"),
        "finance-bot/s-1",
        NOW);
  }

  public static Principal person(String id, String... groups) {
    return person(ACME, id, groups);
  }

  public static Principal person(TenantId tenant, String id, String... groups) {
    return new Principal(tenant, id, PrincipalKind.HUMAN, Set.of(), Set.of(groups));
  }

  public static Principal agent(String id, String... groups) {
    return new Principal(ACME, id, PrincipalKind.AGENT, Set.of(), Set.of(groups));
  }

  public static Ballot approve(Principal person) {
    return new Ballot(person, person.id(), Verdict.APPROVE, Optional.empty());
  }

  public static Ballot reject(Principal person, String reason) {
    return new Ballot(person, person.id(), Verdict.REJECT, Optional.of(reason));
  }

  public static KeyPair ed25519() {
    try {
      return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
