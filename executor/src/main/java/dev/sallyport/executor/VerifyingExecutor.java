package dev.sallyport.executor;

import static java.util.Objects.requireNonNull;

import dev.sallyport.executor.connector.CredentialLease;
import dev.sallyport.executor.connector.CredentialSource;
import dev.sallyport.executor.connector.CredentialUnavailableException;
import dev.sallyport.executor.connector.DispatchResult;
import dev.sallyport.executor.connector.PreparedRequest;
import dev.sallyport.executor.connector.UnmappableCallException;
import dev.sallyport.grant.ExpectedCall;
import dev.sallyport.grant.GrantRejectedException;
import dev.sallyport.grant.GrantVerifier;
import dev.sallyport.ledger.AuditUnavailableException;
import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.ErrorCode;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor itself: the same code in the gateway's process (the embedded default) and in {@code
 * sallyport executor}. One call, top to bottom:
 *
 * <ol>
 *   <li>find the tool in the executor's own catalogue and prepare the exact request;
 *   <li>verify the grant against that request: tenant, action, tool, the digest of the arguments it
 *       received, and the recipient the prepared request reaches; a refusal is recorded as {@code
 *       executor.signature_rejected} with its reason, and nothing is sent;
 *   <li>record {@code action.dispatching}, durably, before anything leaves;
 *   <li>lease the credential, send once, release the credential (on failure too);
 *   <li>record {@code action.result}.
 * </ol>
 *
 * <p>Fail closed: an event that cannot be recorded before the call stops the call.
 */
public final class VerifyingExecutor implements ActionExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(VerifyingExecutor.class);

  private final ExecutorCatalog catalog;
  private final GrantVerifier verifier;
  private final ExecutorAudit audit;
  private final CredentialSource credentials;

  public VerifyingExecutor(
      ExecutorCatalog catalog,
      GrantVerifier verifier,
      ExecutorAudit audit,
      CredentialSource credentials) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.verifier = requireNonNull(verifier, "verifier is null");
    this.audit = requireNonNull(audit, "audit is null");
    this.credentials = requireNonNull(credentials, "credentials is null");
  }

  @Override
  public ExecutionOutcome execute(ExecutionRequest request) {
    try {
      return run(request);
    } catch (AuditUnavailableException e) {
      return new ExecutionOutcome.NotSent(
          ErrorCode.AUDIT_UNAVAILABLE, "the executor could not record the call; nothing was sent");
    } catch (RuntimeException e) {
      // The nonce ledger or another part failed: a verification that did not finish never sends.
      LOG.error("execution failed before sending: {}", e.getClass().getName());
      return new ExecutionOutcome.NotSent(
          ErrorCode.INTERNAL, "the executor could not verify the grant; nothing was sent");
    }
  }

  private ExecutionOutcome run(ExecutionRequest request) {
    Optional<ExecutorCatalog.Entry> entry = catalog.find(request.tenant(), request.tool());
    if (entry.isEmpty()) {
      audit.refused(request, "unknown_tool");
      return new ExecutionOutcome.NotSent(ErrorCode.NOT_FOUND, "the executor has no such tool");
    }
    PreparedRequest prepared;
    try {
      prepared = entry.get().connector().prepare(entry.get().tool(), request.arguments());
    } catch (UnmappableCallException e) {
      audit.refused(request, "unmappable_call");
      return new ExecutionOutcome.NotSent(ErrorCode.INVALID_ARGUMENTS, e.getMessage());
    }
    ExpectedCall expected;
    try {
      // Built from what is about to be sent: the executor's own digest and recipient.
      expected =
          new ExpectedCall(
              request.tenant(),
              request.actionId(),
              request.tool(),
              CanonicalJson.sha256Hex(request.arguments()),
              prepared.recipient());
    } catch (IllegalArgumentException e) {
      audit.refused(request, "malformed_request");
      return new ExecutionOutcome.NotSent(
          ErrorCode.MALFORMED_REQUEST, "the action id or tool cannot be bound to a grant");
    }
    try {
      verifier.verify(request.packet(), expected);
    } catch (GrantRejectedException e) {
      audit.signatureRejected(request, e.reason());
      return new ExecutionOutcome.Refused();
    }

    audit.dispatching(request, entry.get().tool().idempotent(), prepared.redacted());
    DispatchResult result;
    try (CredentialLease lease =
        credentials.lease(request.tenant(), entry.get().tool().connector(), request.actionId())) {
      result = send(prepared, lease);
    } catch (CredentialUnavailableException e) {
      audit.result(request, "not_sent", "credential_unavailable");
      return new ExecutionOutcome.NotSent(
          ErrorCode.EXECUTOR_UNAVAILABLE, "the connector's credential could not be leased");
    }
    try {
      audit.result(request, result.outcome(), result.reason());
    } catch (AuditUnavailableException e) {
      // Sent, and its dispatch is on record: the result is returned rather than hidden, so that the
      // caller does not retry a call that already happened. Startup recovery flags it for review.
      LOG.error("the result of action {} could not be recorded", request.actionId());
    }
    return new ExecutionOutcome.Dispatched(result);
  }

  /** Connectors report failures as results; one that throws anyway may have sent something. */
  private static DispatchResult send(PreparedRequest prepared, CredentialLease lease) {
    try {
      return prepared.send(lease.credential());
    } catch (RuntimeException e) {
      LOG.error("a connector failed while sending: {}", e.getClass().getName());
      return new DispatchResult.Unreachable("connector_error");
    }
  }

  @Override
  public ExecutionOutcome dryRun(DryRunRequest request) {
    try {
      Optional<ExecutorCatalog.Entry> entry = catalog.find(request.tenant(), request.tool());
      if (entry.isEmpty()) {
        return new ExecutionOutcome.NotSent(ErrorCode.NOT_FOUND, "the executor has no such tool");
      }
      PreparedRequest prepared;
      try {
        prepared = entry.get().connector().prepare(entry.get().tool(), request.arguments());
      } catch (UnmappableCallException e) {
        return new ExecutionOutcome.NotSent(ErrorCode.INVALID_ARGUMENTS, e.getMessage());
      }
      audit.dryRun(request, prepared.redacted());
      return new ExecutionOutcome.DryRun(prepared.preview());
    } catch (AuditUnavailableException e) {
      return new ExecutionOutcome.NotSent(
          ErrorCode.AUDIT_UNAVAILABLE, "the dry run could not be recorded");
    } catch (RuntimeException e) {
      LOG.error("dry run failed: {}", e.getClass().getName());
      return new ExecutionOutcome.NotSent(ErrorCode.INTERNAL, "the dry run could not be recorded");
    }
  }
}
