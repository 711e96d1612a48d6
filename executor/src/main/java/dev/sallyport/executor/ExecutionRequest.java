package dev.sallyport.executor;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.JsonValues;
import dev.sallyport.model.TenantId;
import java.util.Map;

/**
 * What the gateway hands the executor: one call and the grant that permits it. The executor builds
 * the request it will send from its own catalogue and these arguments, and checks the grant against
 * that request; nothing in here is trusted until the grant verified.
 *
 * @param packet the grant packet, untrusted
 * @param tenant the tenant the call acts for; grants are checked against this tenant's keys only
 * @param actionId the ledger's id for the action; the grant must name the same
 * @param actor the principal that asked, as the gateway reports it, for the ledger
 * @param tool the catalogue name of the tool
 * @param arguments the arguments, immutable JSON values
 */
public record ExecutionRequest(
    String packet,
    TenantId tenant,
    String actionId,
    String actor,
    String tool,
    Map<String, Object> arguments) {
  public ExecutionRequest {
    requireNonNull(packet, "packet is null");
    requireNonNull(tenant, "tenant is null");
    requireNonNull(actionId, "actionId is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(tool, "tool is null");
    arguments = JsonValues.immutableObject(requireNonNull(arguments, "arguments is null"));
  }

  /** The same call for a dry run, without the packet. */
  public DryRunRequest withoutGrant() {
    return new DryRunRequest(tenant, actionId, actor, tool, arguments);
  }

  @Override
  public String toString() {
    // Neither the packet nor the arguments: operator logs carry no payloads.
    return "ExecutionRequest[tenant=" + tenant + ", action=" + actionId + ", tool=" + tool + "]";
  }
}
