package dev.sallyport.gateway.dispatch;

import dev.sallyport.model.Tool;
import java.util.Map;

/** Carries one call of one tool to the system behind it. */
public interface Connector {
  /** Performs the call. MUST NOT throw for failures of the system: they are results. */
  DispatchResult dispatch(Tool tool, Map<String, Object> arguments);

  /** Describes the request the call would make, for dry runs; MUST NOT send anything. */
  PlannedRequest plan(Tool tool, Map<String, Object> arguments);
}
