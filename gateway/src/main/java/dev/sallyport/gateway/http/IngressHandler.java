package dev.sallyport.gateway.http;

import static java.util.Objects.requireNonNull;

import dev.sallyport.gateway.ingress.IngressGate;
import dev.sallyport.gateway.ingress.IngressRefusedException;
import dev.sallyport.model.ErrorCode;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress hook: the outermost handler, so that the {@link IngressGate} sees every request
 * before any other code does, and a refused request never reaches authentication, routing or its
 * own body. The answer is a plain {@code 403 forbidden} problem that names nothing about the
 * allowlist, on a connection that is then closed (the body is left unread).
 *
 * <p>The client's address comes from the connection itself: the server MUST NOT be given Jetty's
 * {@code ForwardedRequestCustomizer}, which would let any client rewrite it; trusted proxies are
 * the gate's business.
 */
public final class IngressHandler extends Handler.Wrapper {
  private static final Logger LOG = LoggerFactory.getLogger(IngressHandler.class);

  private final IngressGate gate;
  private final HttpReplies replies;

  public IngressHandler(IngressGate gate, JsonBodies json, Handler next) {
    super(requireNonNull(next, "next is null"));
    this.gate = requireNonNull(gate, "gate is null");
    this.replies = new HttpReplies(json);
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) throws Exception {
    try {
      gate.check(
          Request.getPathInContext(request),
          request.getConnectionMetaData().getRemoteSocketAddress(),
          request.getHeaders().getValuesList(HttpHeader.X_FORWARDED_FOR));
    } catch (IngressRefusedException e) {
      refuse(response, callback, ErrorCode.FORBIDDEN, "the request was refused");
      return true;
    } catch (RuntimeException e) {
      // A check that cannot finish is a refusal, never a pass.
      LOG.error("ingress check failed: {}", e.getClass().getName());
      refuse(response, callback, ErrorCode.INTERNAL, "the request could not be handled");
      return true;
    }
    return super.handle(request, response, callback);
  }

  private void refuse(Response response, Callback callback, ErrorCode code, String detail) {
    response.getHeaders().put(HttpHeader.CONNECTION, "close");
    replies.problem(response, callback, code, detail, Map.of());
  }
}
