package dev.sallyport.executor.connector.mcp;

import java.time.Duration;
import java.util.Map;

/** One open session's transport: requests go out and their results come back. */
interface UpstreamConnection extends AutoCloseable {
  /**
   * Sends a request and waits at most {@code timeout} for its result.
   *
   * @throws UpstreamException if no result came: an error answer, a timeout (the request is then
   *     cancelled upstream), or a broken connection
   */
  Map<String, Object> request(String method, Map<String, Object> params, Duration timeout)
      throws UpstreamException;

  /** Sends a notification. */
  void notify(String method, Map<String, Object> params) throws UpstreamException;

  /** False once the upstream went away; the session is then opened again on next use. */
  boolean isOpen();

  @Override
  void close();
}
