package dev.sallyport.executor;

import static dev.sallyport.executor.ExecutorFixture.ACME;
import static dev.sallyport.executor.ExecutorFixture.GLOBEX;
import static dev.sallyport.executor.ExecutorFixture.MAIL;
import static dev.sallyport.executor.ExecutorFixture.PAYMENT;
import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.grant.Ed25519SigningKey;
import dev.sallyport.grant.GrantKeyset;
import dev.sallyport.grant.Recipient;
import dev.sallyport.ledger.AuditEvent;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executor on real SQLite, a real HTTP system and a real SMTP server (GreenMail): one test per
 * refusal, each showing that nothing reached the system and that the reason is in the ledger.
 */
class VerifyingExecutorTest {
  private static final String ACTION = "0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b70";
  private static final String PAY = "payments.pay_supplier";
  private static final String SEND = "email.send_customer";

  @TempDir Path data;
  GreenMail smtp;
  ExecutorFixture f;

  @BeforeEach
  void start() throws Exception {
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    f = new ExecutorFixture(data, smtp.getSmtp().getPort());
  }

  @AfterEach
  void stop() {
    f.close();
    smtp.stop();
  }

  private String paymentGrant() {
    return f.grant(ACME, ACTION, PAY, PAYMENT, f.erpHost());
  }

  private ExecutionOutcome pay(String packet) {
    return f.executor.execute(f.request(packet, ACME, ACTION, PAY, PAYMENT));
  }

  private List<AuditEvent> events() {
    return f.audit.read(ACME, 0, 1000);
  }

  /** Nothing was sent, and the ledger holds the refusal with {@code reason}, and nothing else. */
  private void assertRefused(ExecutionOutcome outcome, String reason) {
    assertThat(outcome).isInstanceOf(ExecutionOutcome.Refused.class);
    assertThat(f.received).isEmpty();
    AuditEvent last = events().getLast();
    assertThat(last.type()).isEqualTo("executor.signature_rejected");
    assertThat(last.reason()).isEqualTo(reason);
    assertThat(last.actionId()).hasValue(ACTION);
    // Every dispatching event has its result: the refusal started no dispatch.
    assertThat(events().stream().filter(e -> e.type().equals("action.dispatching")).count())
        .isEqualTo(events().stream().filter(e -> e.type().equals("action.result")).count());
  }

  @Test
  void dispatchesAGrantedPaymentOnceAndRecordsDispatchingBeforeTheResult() {
    ExecutionOutcome outcome = pay(paymentGrant());

    assertThat(outcome)
        .isEqualTo(
            new ExecutionOutcome.Dispatched(
                new DispatchResult.Answered(201, Map.of("payment_id", "PAY-1"))));
    assertThat(f.received).singleElement().asString().startsWith("POST /erp/payments ");
    assertThat(events())
        .extracting(AuditEvent::type, AuditEvent::outcome, AuditEvent::reason)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "action.dispatching", "dispatching", "not_idempotent"),
            org.assertj.core.groups.Tuple.tuple("action.result", "ok", "status_201"));
    assertThat(events().getFirst().detail())
        .hasValueSatisfying(
            d -> assertThat(d).endsWith("/erp/payments json[amount, iban, supplier_id]"));
    assertThat(events().toString()).doesNotContain("DE89370400440532013000");
  }

  @Test
  void refusesATamperedSignature() {
    String packet = paymentGrant();
    int last = packet.length() - 5;
    String tampered =
        packet.substring(0, last)
            + (packet.charAt(last) == 'A' ? 'B' : 'A')
            + packet.substring(last + 1);

    assertRefused(pay(tampered), "bad_signature");
  }

  @Test
  void refusesAKeyTheTenantDoesNotHave() {
    String packet = paymentGrant();
    f.keys.put(
        GrantKeyset.withPrimary(ACME, Ed25519SigningKey.generate("acme-2", new SecureRandom())));

    assertRefused(pay(packet), "unknown_key");
  }

  @Test
  void refusesARetiredKey() {
    String packet = paymentGrant();
    f.keys.update(
        ACME,
        keyset ->
            keyset
                .withKey(Ed25519SigningKey.generate("acme-2", new SecureRandom()))
                .promote("acme-2")
                .retire("acme-1"));

    assertRefused(pay(packet), "retired_key");
  }

  @Test
  void refusesAGrantSignedWithAnotherTenantsKey() {
    String globexGrant = f.grant(GLOBEX, ACTION, PAY, PAYMENT, f.erpHost());

    assertRefused(pay(globexGrant), "unknown_key");
  }

  @Test
  void refusesAnExpiredGrant() {
    String packet = paymentGrant();
    f.clock.advance(Duration.ofSeconds(65));

    assertRefused(pay(packet), "expired");
  }

  @Test
  void refusesAReplayedGrant() {
    String packet = paymentGrant();
    assertThat(pay(packet)).isInstanceOf(ExecutionOutcome.Dispatched.class);
    f.received.clear();

    assertRefused(pay(packet), "replayed");
  }

  @Test
  void refusesAGrantReplayedAfterTheExecutorRestarted() {
    String packet = paymentGrant();
    assertThat(pay(packet)).isInstanceOf(ExecutionOutcome.Dispatched.class);
    f.received.clear();

    f.crash();
    f.open();

    assertRefused(pay(packet), "replayed");
  }

  @Test
  void refusesArgumentsChangedAfterTheGrant() {
    String packet = paymentGrant();
    Map<String, Object> more = new HashMap<>(PAYMENT);
    more.put("amount", 120_000L);

    assertRefused(
        f.executor.execute(f.request(packet, ACME, ACTION, PAY, more)), "arguments_mismatch");
  }

  @Test
  void refusesAGrantMintedForAnotherAction() {
    String packet = paymentGrant();
    String other = "0195f3a2-7c1e-7d3a-8b4f-2a9c1e6d5b71";

    ExecutionOutcome outcome = f.executor.execute(f.request(packet, ACME, other, PAY, PAYMENT));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Refused.class);
    assertThat(f.received).isEmpty();
    assertThat(events().getLast().reason()).isEqualTo("action_mismatch");
  }

  @Test
  void refusesAPaymentToAnotherHostThanGranted() {
    String packet = f.grant(ACME, ACTION, PAY, PAYMENT, Recipient.hostOf("https://erp.example"));

    assertRefused(pay(packet), "recipient_mismatch");
  }

  @Test
  void aGrantedEmailArrivesAtExactlyItsRecipient() throws Exception {
    String packet = f.grant(ACME, ACTION, SEND, MAIL, Recipient.email("buyer@northwind.example"));

    ExecutionOutcome outcome = f.executor.execute(f.request(packet, ACME, ACTION, SEND, MAIL));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Dispatched.class);
    assertThat(((ExecutionOutcome.Dispatched) outcome).result())
        .isInstanceOf(DispatchResult.Sent.class);
    MimeMessage[] arrived = smtp.getReceivedMessages();
    assertThat(arrived).hasSize(1);
    assertThat(arrived[0].getSubject()).isEqualTo("Your invoice");
    assertThat(arrived[0].getAllRecipients())
        .extracting(Object::toString)
        .containsExactly("buyer@northwind.example");
    assertThat(arrived[0].getFrom())
        .extracting(Object::toString)
        .containsExactly("billing@acme.example");
    assertThat(events().getLast().outcome()).isEqualTo("ok");
  }

  @Test
  void aDryRunEmailRecordsTheRedactedRequestAndSendsNothing() {
    ExecutionOutcome outcome =
        f.executor.dryRun(new DryRunRequest(ACME, ACTION, "offboarding-bot", SEND, MAIL));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.DryRun.class);
    assertThat(((ExecutionOutcome.DryRun) outcome).wouldSend())
        .containsEntry("method", "SMTP")
        .containsEntry("to", "buyer@northwind.example");
    assertThat(smtp.getReceivedMessages()).isEmpty();
    AuditEvent recorded = events().getLast();
    assertThat(recorded.type()).isEqualTo("action.dry_run");
    assertThat(recorded.detail())
        .hasValue(
            "SMTP smtp://127.0.0.1:"
                + smtp.getSmtp().getPort()
                + " from=billing@acme.example to={to} subject={subject} body={body}");
    assertThat(events().toString()).doesNotContain("northwind");
  }

  @Test
  void anEmailGrantForAnotherRecipientIsRefusedAndNothingArrives() {
    String packet = f.grant(ACME, ACTION, SEND, MAIL, Recipient.email("buyer@northwind.example"));
    Map<String, Object> swapped = new HashMap<>(MAIL);
    swapped.put("to", "attacker@evil.example");
    // The attacker also changes the arguments' digest, so the grant is re-minted for the swapped
    // arguments but still names the original recipient: only the recipient check can catch it.
    String forSwappedArguments =
        f.grant(ACME, ACTION, SEND, swapped, Recipient.email("buyer@northwind.example"));

    ExecutionOutcome outcome =
        f.executor.execute(f.request(forSwappedArguments, ACME, ACTION, SEND, swapped));

    assertThat(outcome).isInstanceOf(ExecutionOutcome.Refused.class);
    assertThat(smtp.getReceivedMessages()).isEmpty();
    assertThat(events().getLast().reason()).isEqualTo("recipient_mismatch");
    assertThat(f.executor.execute(f.request(packet, ACME, ACTION, SEND, swapped)))
        .isInstanceOf(ExecutionOutcome.Refused.class);
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void aDispatchWithoutOutcomeIsFlaggedAfterACrashAndNeverRetried() {
    ExecutionRequest request = f.request(paymentGrant(), ACME, ACTION, PAY, PAYMENT);
    ExecutorAudit audit =
        new ExecutorAudit(
            f.audit, f.clock, new dev.sallyport.model.TimeOrderedIds(f.clock, new SecureRandom()));
    audit.dispatching(request, false, "POST http://127.0.0.1/erp/payments json[amount]");
    f.crash();

    f.open();
    ExecutorAudit reopened =
        new ExecutorAudit(
            f.audit, f.clock, new dev.sallyport.model.TimeOrderedIds(f.clock, new SecureRandom()));
    int flagged = new DispatchRecovery(f.audit, reopened).flagUnresolved(ACME);

    assertThat(flagged).isEqualTo(1);
    assertThat(events())
        .extracting(AuditEvent::type)
        .containsExactly("action.dispatching", "action.unresolved", "executor.recovered");
    AuditEvent flag = events().get(1);
    assertThat(flag.actionId()).hasValue(ACTION);
    assertThat(flag.outcome()).isEqualTo("review");
    assertThat(flag.detail()).hasValueSatisfying(d -> assertThat(d).contains("not retried"));
    assertThat(f.received).isEmpty();

    f.crash();
    f.open();
    ExecutorAudit again =
        new ExecutorAudit(
            f.audit, f.clock, new dev.sallyport.model.TimeOrderedIds(f.clock, new SecureRandom()));
    assertThat(new DispatchRecovery(f.audit, again).flagUnresolved(ACME)).isZero();
  }

  @Test
  void aDispatchWithAnOutcomeIsNotFlagged() {
    assertThat(pay(paymentGrant())).isInstanceOf(ExecutionOutcome.Dispatched.class);
    f.crash();
    f.open();

    ExecutorAudit audit =
        new ExecutorAudit(
            f.audit, f.clock, new dev.sallyport.model.TimeOrderedIds(f.clock, new SecureRandom()));
    assertThat(new DispatchRecovery(f.audit, audit).flagUnresolved(ACME)).isZero();
  }
}
