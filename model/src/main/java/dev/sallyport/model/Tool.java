package dev.sallyport.model;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * @param operation how the connector performs the call: an HTTP {@link Operation}, an {@link Email}
 *     or an upstream {@link McpTool}; for a two-phase tool, its soft step
 * @param idempotent whether the operator declares that running the call twice has the effect of
 *     running it once; recorded with dispatches so that a reviewer of an unresolved dispatch knows.
 *     Nothing is ever retried automatically either way.
 * @param phases for a destructive operation in two phases: the hard step that runs after the
 *     reinstate window, and the request that undoes the soft step within it; empty for a tool that
 *     runs once
 * @param trust whether the tool's output is trusted provenance, and which of its arguments the
 *     taint invariant traces
 */
public record Tool(
    String name,
    String connector,
    EffectClass effect,
    String description,
    ArgumentsSchema argumentsSchema,
    Request operation,
    boolean idempotent,
    Optional<Phases> phases,
    Trust trust) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*(\\.[a-z][a-z0-9_-]*)+");

  public Tool {
    requireNonNull(name, "name is null");
    requireNonNull(connector, "connector is null");
    requireNonNull(effect, "effect is null");
    requireNonNull(description, "description is null");
    requireNonNull(argumentsSchema, "argumentsSchema is null");
    requireNonNull(operation, "operation is null");
    requireNonNull(phases, "phases is null");
    requireNonNull(trust, "trust is null");
    if (phases.isPresent() && !(operation instanceof Operation)) {
      throw new IllegalArgumentException("only an HTTP tool runs in two phases");
    }
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "tool name must be namespaced lowercase words joined by '.', like billing.send_invoice");
    }
  }

  /** A tool with untrusted output whose every argument is consequential. */
  public Tool(
      String name,
      String connector,
      EffectClass effect,
      String description,
      ArgumentsSchema argumentsSchema,
      Request operation,
      boolean idempotent,
      Optional<Phases> phases) {
    this(
        name,
        connector,
        effect,
        description,
        argumentsSchema,
        operation,
        idempotent,
        phases,
        Trust.UNTRUSTED);
  }

  /** A tool that runs once. */
  public Tool(
      String name,
      String connector,
      EffectClass effect,
      String description,
      ArgumentsSchema argumentsSchema,
      Request operation,
      boolean idempotent) {
    this(
        name,
        connector,
        effect,
        description,
        argumentsSchema,
        operation,
        idempotent,
        Optional.empty());
  }

  /** A tool that runs once and is not declared idempotent. */
  public Tool(
      String name,
      String connector,
      EffectClass effect,
      String description,
      ArgumentsSchema argumentsSchema,
      Request operation) {
    this(name, connector, effect, description, argumentsSchema, operation, false);
  }

  /** The name the executor knows the hard step of a two-phase tool by: {@code NAME.hard}. */
  public String hardStepName() {
    return name + "." + Phases.HARD;
  }

  /** The name the executor knows the reinstate request of a two-phase tool by. */
  public String reinstateStepName() {
    return name + "." + Phases.REINSTATE;
  }

  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /** What a connector sends for this tool; each connector type takes one kind. */
  public sealed interface Request
      permits Operation, Email, McpTool, McpResourceRead, McpPromptGet {}

  /**
   * {@code resources/read} on an upstream MCP server, with the argument {@code uri}: the tool
   * {@code CONNECTOR.read_resource} every MCP connector has, so that reading a resource passes
   * policy as a call does. Never listed as a tool.
   */
  public record McpResourceRead() implements Request {
    /** The suffix of the tool's name after the connector's. */
    public static final String SUFFIX = "read_resource";
  }

  /**
   * {@code prompts/get} on an upstream MCP server, with the arguments {@code name} and {@code
   * arguments}: the tool {@code CONNECTOR.get_prompt} every MCP connector has. Never listed.
   */
  public record McpPromptGet() implements Request {
    /** The suffix of the tool's name after the connector's. */
    public static final String SUFFIX = "get_prompt";
  }

  /**
   * A tool of an upstream MCP server, called with the caller's arguments as they are.
   *
   * @param upstreamName the upstream's own name for the tool
   * @param listedAs the name agents see and call it by on {@code /mcp}; the Sallyport name unless
   *     the operator exposes it under another
   */
  public record McpTool(String upstreamName, String listedAs) implements Request {
    public McpTool {
      requireNonNull(upstreamName, "upstreamName is null");
      requireNonNull(listedAs, "listedAs is null");
      if (upstreamName.isBlank() || listedAs.isBlank()) {
        throw new IllegalArgumentException("an MCP tool needs its upstream name");
      }
    }
  }

  /**
   * An HTTP request: a method and a path template whose {@code {name}} placeholders are filled from
   * the arguments.
   */
  public record Operation(String method, String path) implements Request {
    public Operation {
      requireNonNull(method, "method is null");
      requireNonNull(path, "path is null");
    }
  }

  /**
   * An e-mail to exactly one recipient, built from the arguments named here.
   *
   * @param toArgument the argument holding the one recipient address
   * @param subjectArgument the argument holding the subject
   * @param bodyArgument the argument holding the plain-text body
   */
  public record Email(String toArgument, String subjectArgument, String bodyArgument)
      implements Request {
    /** The arguments {@code to}, {@code subject} and {@code body}. */
    public static final Email DEFAULT = new Email("to", "subject", "body");

    public Email {
      requireNonNull(toArgument, "toArgument is null");
      requireNonNull(subjectArgument, "subjectArgument is null");
      requireNonNull(bodyArgument, "bodyArgument is null");
    }
  }

  /**
   * A destructive operation in two phases (directory off-boarding: disable the account and revoke
   * its sessions now, delete it and reclaim the licence later). The tool's {@link #operation()} is
   * the soft step and runs at once; {@code hard} runs once {@code window} has passed, unless
   * someone reinstates within the window, which cancels it and runs {@code reinstate} instead. All
   * three take the same arguments.
   *
   * <p>The executor knows the two later requests as tools of their own, {@code NAME.hard} and
   * {@code NAME.reinstate}: the grant that permits each names that tool, so a grant minted for the
   * soft step can never be spent on the hard one. They are not in the policy catalogue, so no agent
   * can call them.
   */
  public record Phases(Operation hard, Operation reinstate, Duration window) {
    /** The suffix of the hard step's name. */
    public static final String HARD = "hard";

    /** The suffix of the reinstate request's name. */
    public static final String REINSTATE = "reinstate";

    /** Five minutes. */
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    public Phases {
      requireNonNull(hard, "hard is null");
      requireNonNull(reinstate, "reinstate is null");
      requireNonNull(window, "window is null");
      if (window.isNegative() || window.isZero()) {
        throw new IllegalArgumentException("the reinstate window must be above zero");
      }
    }
  }

  /**
   * What the guards trust about a tool (issue #8). {@code trustedOutput}: the operator declares the
   * tool's output trusted provenance (a company directory, a supplier master); every other tool's
   * output is untrusted and taints the session that reads it. {@code consequentialArguments}: the
   * arguments that must trace to trusted provenance for a call from a tainted session to go ahead
   * without approval; empty means every argument, so a tool nobody classified fails closed.
   */
  public record Trust(boolean trustedOutput, Optional<List<String>> consequentialArguments) {
    /** Untrusted output; every argument consequential. */
    public static final Trust UNTRUSTED = new Trust(false, Optional.empty());

    public Trust {
      requireNonNull(consequentialArguments, "consequentialArguments is null");
      consequentialArguments = consequentialArguments.map(List::copyOf);
      if (consequentialArguments.isPresent() && consequentialArguments.get().isEmpty()) {
        throw new IllegalArgumentException(
            "consequential arguments, when declared, name at least one argument");
      }
    }
  }
}
