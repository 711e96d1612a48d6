package dev.sallyport.executor;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.JsonValues;
import dev.sallyport.model.TenantId;
import java.util.Map;

/**
 * A call that policy put in dry-run: the executor prepares the exact request, records it redacted,
 * and sends nothing. It needs no grant, because nothing it leads to can reach a system: the dry-run
 * path never calls {@link dev.sallyport.executor.connector.PreparedRequest#send}.
 */
public record DryRunRequest(
    TenantId tenant, String actionId, String actor, String tool, Map<String, Object> arguments) {
  public DryRunRequest {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(actionId, "actionId is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(tool, "tool is null");
    arguments = JsonValues.immutableObject(requireNonNull(arguments, "arguments is null"));
  }

  @Override
  public String toString() {
    return "DryRunRequest[tenant=" + tenant + ", action=" + actionId + ", tool=" + tool + "]";
  }
}
