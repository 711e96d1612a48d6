package dev.sallyport.executor.http;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.Cidr;
import dev.sallyport.config.IpAddress;
import dev.sallyport.executor.ActionExecutor;
import dev.sallyport.executor.ExecutionOutcome;
import dev.sallyport.model.ErrorCode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listener of {@code sallyport executor}: Jetty on virtual threads, its own port. Before any
 * route runs, the peer's address must be in the {@code executor} ingress group ({@code
 * ingress.allow.executor}: the gateway's addresses); anything else is refused with 403 and the
 * connection closed. {@code X-Forwarded-For} is never read: the gateway talks to the executor
 * directly.
 */
public final class ExecutorServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ExecutorServer.class);

  private final Server server;
  private final ExecutorService virtualThreads;

  private ExecutorServer(Server server, ExecutorService virtualThreads) {
    this.server = server;
    this.virtualThreads = virtualThreads;
  }

  /**
   * Starts listening.
   *
   * @param executor the executor the routes call
   * @param allowedClients the sources that may call it; empty refuses everyone
   * @param port the port, or 0 for any free one
   */
  public static ExecutorServer start(
      ActionExecutor executor, List<Cidr> allowedClients, String host, int port) throws Exception {
    ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("executor-http");
    threads.setVirtualThreadsExecutor(virtualThreads);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(new Routes(executor, List.copyOf(allowedClients), new ExecutorWire()));
    server.setStopTimeout(5_000);
    try {
      server.start();
    } catch (Exception e) {
      virtualThreads.close();
      throw e;
    }
    return new ExecutorServer(server, virtualThreads);
  }

  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    virtualThreads.close();
  }

  /** The routes, behind the source check. */
  private static final class Routes extends Handler.Abstract {
    private final ActionExecutor executor;
    private final List<Cidr> allowed;
    private final ExecutorWire wire;

    Routes(ActionExecutor executor, List<Cidr> allowed, ExecutorWire wire) {
      this.executor = requireNonNull(executor, "executor is null");
      this.allowed = allowed;
      this.wire = wire;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      try {
        if (!allowed(request.getConnectionMetaData().getRemoteSocketAddress())) {
          response.getHeaders().put(HttpHeader.CONNECTION, "close");
          write(
              response,
              callback,
              ExecutorWire.problem(ErrorCode.FORBIDDEN, "this address may not call the executor"));
          return true;
        }
        route(request, response, callback);
      } catch (RuntimeException e) {
        LOG.error("executor request failed: {}", e.getClass().getName());
        write(
            response,
            callback,
            ExecutorWire.problem(ErrorCode.INTERNAL, "the request could not be handled"));
      }
      return true;
    }

    private boolean allowed(SocketAddress remote) {
      if (!(remote instanceof InetSocketAddress inet) || inet.getAddress() == null) {
        return false;
      }
      IpAddress address = IpAddress.of(inet.getAddress().getAddress());
      return allowed.stream().anyMatch(block -> block.contains(address));
    }

    private void route(Request request, Response response, Callback callback) {
      String path = Request.getPathInContext(request);
      boolean execute = path.equals("/v1/execute");
      if (path.equals("/healthz") && request.getMethod().equals("GET")) {
        write(response, callback, new ExecutorWire.Answer(200, Map.of("status", "ok")));
        return;
      }
      if (!execute && !path.equals("/v1/dry-run")) {
        write(response, callback, ExecutorWire.problem(ErrorCode.NOT_FOUND, "no such endpoint"));
        return;
      }
      if (!request.getMethod().equals("POST")) {
        response.getHeaders().put(HttpHeader.ALLOW, "POST");
        write(response, callback, ExecutorWire.problem(ErrorCode.METHOD_NOT_ALLOWED, "use POST"));
        return;
      }
      byte[] body;
      try {
        body = Content.Source.asByteArrayAsync(request, ExecutorWire.MAX_BODY_BYTES).get();
      } catch (ExecutionException e) {
        write(
            response,
            callback,
            ExecutorWire.problem(ErrorCode.PAYLOAD_TOO_LARGE, "the body could not be read"));
        return;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        write(response, callback, ExecutorWire.problem(ErrorCode.INTERNAL, "interrupted"));
        return;
      }
      ExecutionOutcome outcome;
      try {
        outcome =
            execute
                ? executor.execute(wire.readExecution(body))
                : executor.dryRun(wire.readDryRun(body));
      } catch (IOException e) {
        write(
            response,
            callback,
            ExecutorWire.problem(ErrorCode.MALFORMED_REQUEST, "malformed executor request"));
        return;
      }
      write(response, callback, wire.answer(outcome));
    }

    private void write(Response response, Callback callback, ExecutorWire.Answer answer) {
      byte[] bytes;
      try {
        bytes = wire.mapper().writeValueAsBytes(answer.body());
      } catch (IOException e) {
        callback.failed(e);
        return;
      }
      response.setStatus(answer.status());
      response
          .getHeaders()
          .put(
              HttpHeader.CONTENT_TYPE,
              answer.status() == 200 ? "application/json" : "application/problem+json");
      response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
      response.write(true, ByteBuffer.wrap(bytes), callback);
    }
  }
}
