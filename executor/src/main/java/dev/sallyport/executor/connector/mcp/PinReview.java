package dev.sallyport.executor.connector.mcp;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.TenantConfig;
import dev.sallyport.config.ToolPins;
import dev.sallyport.mcp.ToolDefinition;
import dev.sallyport.model.Tool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code ./sallyport tools diff} shows and {@code ./sallyport tools pin} accepts: each
 * upstream MCP tool of a tenant, the definition the operator pinned and the one its upstream lists
 * now.
 */
public final class PinReview {
  /** Where one tool stands. */
  public enum State {
    /** The upstream lists the pinned definition. */
    PINNED,
    /** The upstream lists a different definition: quarantined until pinned again. */
    CHANGED,
    /** Never pinned: quarantined until pinned. */
    UNPINNED,
    /** The upstream does not list the tool. */
    MISSING,
    /** The upstream could not be asked. */
    UNREACHABLE
  }

  /**
   * One tool's review.
   *
   * @param tool the Sallyport tool name
   * @param accepted what was pinned, if anything
   * @param current what the upstream lists now, if it answered and lists it
   */
  public record Entry(
      String tool,
      State state,
      Optional<ToolPins.Accepted> accepted,
      Optional<ToolDefinition> current) {
    public Entry {
      requireNonNull(tool, "tool is null");
      requireNonNull(state, "state is null");
      requireNonNull(accepted, "accepted is null");
      requireNonNull(current, "current is null");
    }
  }

  private PinReview() {}

  /** Every upstream MCP tool of {@code tenant}, in name order. */
  public static List<Entry> review(TenantConfig tenant, Map<String, McpUpstream> upstreams) {
    List<Entry> entries = new ArrayList<>();
    tenant.policy().tools().values().stream()
        .filter(t -> t.operation() instanceof Tool.McpTool)
        .sorted(java.util.Comparator.comparing(Tool::name))
        .forEach(tool -> entries.add(entry(tenant, tool, upstreams.get(tool.connector()))));
    return entries;
  }

  private static Entry entry(TenantConfig tenant, Tool tool, McpUpstream upstream) {
    Tool.McpTool mcp = (Tool.McpTool) tool.operation();
    Optional<ToolPins.Accepted> accepted = tenant.toolPins().find(tool.name());
    Optional<ToolDefinition> current;
    try {
      current = upstream == null ? Optional.empty() : upstream.definition(mcp.upstreamName());
    } catch (UpstreamException e) {
      return new Entry(tool.name(), State.UNREACHABLE, accepted, Optional.empty());
    }
    State state;
    if (current.isEmpty()) {
      state = State.MISSING;
    } else if (accepted.isEmpty()) {
      state = State.UNPINNED;
    } else if (accepted.get().pin().equals(current.get().pin())) {
      state = State.PINNED;
    } else {
      state = State.CHANGED;
    }
    return new Entry(tool.name(), state, accepted, current);
  }

  /**
   * The pins with the current definition accepted for each entry in {@code review} that {@code
   * accept} names (every changed or unpinned one when it is empty). Tools that are missing or
   * unreachable keep their pins.
   */
  public static ToolPins accept(ToolPins pins, List<Entry> review, List<String> accept) {
    ToolPins updated = pins;
    for (Entry entry : review) {
      boolean named = accept.isEmpty() || accept.contains(entry.tool());
      if (named && (entry.state() == State.CHANGED || entry.state() == State.UNPINNED)) {
        updated = updated.with(entry.tool(), ToolPins.Accepted.of(entry.current().get()));
      }
    }
    return updated;
  }
}
