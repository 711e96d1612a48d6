package dev.sallyport.config;

import static java.util.Objects.requireNonNull;

import java.time.Duration;

/**
 * The {@code mcp:} block of {@code sallyport.yaml}: how the {@code /mcp} endpoint treats agents.
 *
 * @param approvalWait how long a {@code tools/call} that needs approval is held open, with progress
 *     notifications, before it returns a result saying the action awaits approval
 * @param sessionIdle how long an MCP session lives without a request
 * @param sessionsPerPrincipal how many MCP sessions one principal may hold open at once
 */
public record McpSettings(Duration approvalWait, Duration sessionIdle, int sessionsPerPrincipal) {
  public static final McpSettings DEFAULTS =
      new McpSettings(Duration.ofSeconds(30), Duration.ofMinutes(30), 16);

  public McpSettings {
    requireNonNull(approvalWait, "approvalWait is null");
    requireNonNull(sessionIdle, "sessionIdle is null");
    if (approvalWait.isNegative() || approvalWait.compareTo(Duration.ofMinutes(5)) > 0) {
      throw new IllegalArgumentException("approval_wait must be between 0 and 300 seconds");
    }
    if (sessionIdle.compareTo(Duration.ofMinutes(1)) < 0
        || sessionIdle.compareTo(Duration.ofDays(1)) > 0) {
      throw new IllegalArgumentException("session_idle must be between 1 and 1440 minutes");
    }
    if (sessionsPerPrincipal < 1 || sessionsPerPrincipal > 1000) {
      throw new IllegalArgumentException("sessions_per_principal must be between 1 and 1000");
    }
  }

  /** Reads the block; each key is optional. */
  static McpSettings read(java.util.Optional<YamlNode> node) throws ConfigException {
    if (node.isEmpty()) {
      return DEFAULTS;
    }
    YamlNode.Fields f =
        node.get()
            .fields(
                java.util.Set.of(
                    "approval_wait_seconds", "session_idle_minutes", "sessions_per_principal"));
    long wait =
        f.has("approval_wait_seconds")
            ? f.required("approval_wait_seconds").integer()
            : DEFAULTS.approvalWait().toSeconds();
    long idle =
        f.has("session_idle_minutes")
            ? f.required("session_idle_minutes").integer()
            : DEFAULTS.sessionIdle().toMinutes();
    long sessions =
        f.has("sessions_per_principal")
            ? f.required("sessions_per_principal").integer()
            : DEFAULTS.sessionsPerPrincipal();
    try {
      return new McpSettings(
          Duration.ofSeconds(wait),
          Duration.ofMinutes(idle),
          (int) Math.max(Math.min(sessions, Integer.MAX_VALUE), Integer.MIN_VALUE));
    } catch (IllegalArgumentException e) {
      throw node.get().problem(e.getMessage());
    }
  }
}
