package dev.sallyport.executor.connector;

import dev.sallyport.model.Tool;
import java.util.Map;

/**
 * Turns one call of one tool into the exact request its system receives. Preparing sends nothing;
 * only the executor sends, and only after the grant verified against {@link
 * PreparedRequest#recipient()}.
 */
public interface Connector {
  /**
   * The request {@code arguments} map to.
   *
   * @throws UnmappableCallException if the arguments cannot make a request (a missing path
   *     argument, an invalid recipient address): nothing can be sent
   */
  PreparedRequest prepare(Tool tool, Map<String, Object> arguments) throws UnmappableCallException;
}
