package dev.sallyport.model;

import static java.util.Objects.requireNonNull;

import java.util.regex.Pattern;

/**
 * A tool in a tenant's catalogue. The effect class is owned by the operator; a tool without one
 * cannot be built, so an unclassified tool can never reach the policy stage.
 *
 * @param name namespaced name, for example {@code payments.pay_supplier}
 * @param connector the name of the connector that carries the call to the real system
 * @param effect the operator-owned effect class
 * @param description a human-readable description shown to approvers and in tool lists
 * @param argumentsSchema the JSON Schema the arguments must satisfy
 * @param operation how the connector should perform the call (method and path for HTTP)
 */
public record Tool(
    String name,
    String connector,
    EffectClass effect,
    String description,
    ArgumentsSchema argumentsSchema,
    Operation operation) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+");

  public Tool {
    requireNonNull(name, "name is null");
    requireNonNull(connector, "connector is null");
    requireNonNull(effect, "effect is null");
    requireNonNull(description, "description is null");
    requireNonNull(argumentsSchema, "argumentsSchema is null");
    requireNonNull(operation, "operation is null");
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "tool name must be namespaced lowercase words joined by '.', like billing.send_invoice");
    }
  }

  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * How a connector performs this tool: an HTTP method and a path template whose {@code {name}}
   * placeholders are filled from the arguments.
   */
  public record Operation(String method, String path) {
    public Operation {
      requireNonNull(method, "method is null");
      requireNonNull(path, "path is null");
    }
  }
}
