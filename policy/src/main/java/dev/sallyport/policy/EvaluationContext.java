package dev.sallyport.policy;

import static java.util.Objects.requireNonNull;

import dev.cel.common.values.NullValue;
import dev.cel.runtime.CelFunctionResolver;
import dev.cel.runtime.CelVariableResolver;
import dev.sallyport.model.JsonNull;
import dev.sallyport.model.Tool;
import dev.sallyport.model.ToolCall;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The variables a CEL condition sees for one call, resolved lazily: a condition that never reads
 * {@code session.tainted} never touches the session store. Built once per decision and shared by
 * every rule evaluated for it.
 */
public final class EvaluationContext implements CelVariableResolver {
  private final ToolCall call;
  private final Tool tool;
  private final SessionHistory history;
  private List<String> roles;
  private List<String> groups;
  private Object celArguments;
  private CelFunctionResolver functionResolver;

  public EvaluationContext(ToolCall call, Tool tool, SessionHistory history) {
    this.call = requireNonNull(call, "call is null");
    this.tool = requireNonNull(tool, "tool is null");
    this.history = requireNonNull(history, "history is null");
  }

  public ToolCall call() {
    return call;
  }

  public SessionHistory history() {
    return history;
  }

  /** The session functions bound to this call, made once per decision. */
  CelFunctionResolver functionResolver(SessionFunctions functions) {
    if (functionResolver == null) {
      functionResolver = functions.bind(this);
    }
    return functionResolver;
  }

  @Override
  public Optional<Object> find(String name) {
    Object value =
        switch (name) {
          case "principal.id" -> call.principal().id();
          case "principal.kind" -> call.principal().kind().configName();
          case "principal.roles" -> roles();
          case "principal.groups" -> groups();
          case "tool.name" -> tool.name();
          case "tool.effect" -> tool.effect().configName();
          case "tool.connector" -> tool.connector();
          case "args" -> celArguments();
          case "request.id" -> call.actionId();
          case "request.time" -> call.requestedAt();
          case "tenant.id" -> call.tenant().value();
          case "session.id" -> call.sessionId();
          case "session.tainted" -> history.tainted(call.tenant(), call.sessionId());
          case "session.prompt_injection_suspected" ->
              history.injectionSuspected(call.tenant(), call.sessionId());
          default -> null;
        };
    return Optional.ofNullable(value);
  }

  // CEL wants lists; the copies are made only when a condition reads them.
  private List<String> roles() {
    if (roles == null) {
      roles = List.copyOf(call.principal().roles());
    }
    return roles;
  }

  private List<String> groups() {
    if (groups == null) {
      groups = List.copyOf(call.principal().groups());
    }
    return groups;
  }

  private Object celArguments() {
    if (celArguments == null) {
      celArguments = toCel(call.arguments());
    }
    return celArguments;
  }

  /** CEL knows JSON null as its own NullValue; everything else maps as is. */
  private static Object toCel(Object value) {
    return switch (value) {
      case JsonNull n -> NullValue.NULL_VALUE;
      case Map<?, ?> map -> {
        if (!containsNull(map.values())) {
          yield map;
        }
        Map<Object, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(k, toCel(v)));
        yield Collections.unmodifiableMap(copy);
      }
      case List<?> list -> {
        if (!containsNull(list)) {
          yield list;
        }
        List<Object> copy = new ArrayList<>(list.size());
        list.forEach(v -> copy.add(toCel(v)));
        yield Collections.unmodifiableList(copy);
      }
      default -> value;
    };
  }

  private static boolean containsNull(Iterable<?> values) {
    for (Object v : values) {
      if (v instanceof JsonNull) {
        return true;
      }
      if (v instanceof Map<?, ?> m && containsNull(m.values())) {
        return true;
      }
      if (v instanceof List<?> l && containsNull(l)) {
        return true;
      }
    }
    return false;
  }
}
