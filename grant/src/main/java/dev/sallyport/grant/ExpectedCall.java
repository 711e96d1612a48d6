package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.CanonicalJson;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.Tool;
import dev.sallyport.model.ToolCall;
import java.util.Map;

/**
 * The exact call a grant permits: what the gatekeeper signs and what the executor compares with
 * what it is about to send. The executor MUST build this from the request it will actually send
 * (its own digest of the arguments, its own recipient), never from the packet.
 *
 * @param tenant the tenant the call acts for, from the caller's authenticated identity
 * @param actionId the action the ledger records this call under: a grant permits one action, so a
 *     packet minted for one action cannot be spent on another with the same arguments
 * @param tool the catalogue name of the tool
 * @param argumentsDigest lowercase hex SHA-256 of the RFC 8785 canonical arguments
 * @param recipient the normalised recipient, or {@link Recipient.None}
 */
public record ExpectedCall(
    TenantId tenant, String actionId, String tool, String argumentsDigest, Recipient recipient) {
  public ExpectedCall {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(actionId, "actionId is null");
    requireNonNull(tool, "tool is null");
    requireNonNull(argumentsDigest, "argumentsDigest is null");
    requireNonNull(recipient, "recipient is null");
    if (!Tool.isValidName(tool) || tool.length() > 128) {
      throw new IllegalArgumentException("tool name is not a valid catalogue name");
    }
    Grant.checkWireText(actionId, "action id");
    Grant.checkArgumentsDigest(argumentsDigest);
  }

  /** The call with the digest of {@code arguments} computed here. */
  public static ExpectedCall of(
      TenantId tenant,
      String actionId,
      String tool,
      Map<String, ?> arguments,
      Recipient recipient) {
    requireNonNull(arguments, "arguments is null");
    return new ExpectedCall(tenant, actionId, tool, CanonicalJson.sha256Hex(arguments), recipient);
  }

  /** The call a {@link ToolCall} asks for, sent to {@code recipient}. */
  public static ExpectedCall of(ToolCall call, Recipient recipient) {
    requireNonNull(call, "call is null");
    return new ExpectedCall(
        call.tenant(), call.actionId(), call.toolName(), call.argumentsDigest(), recipient);
  }

  @Override
  public String toString() {
    return "ExpectedCall[tenant=" + tenant + ", action=" + actionId + ", tool=" + tool + "]";
  }
}
