package dev.sallyport.gateway;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.sallyport.config.ConnectorSettings;
import dev.sallyport.config.Deployment;
import dev.sallyport.config.TenantConfig;
import dev.sallyport.gateway.audit.AuditRecorder;
import dev.sallyport.gateway.dispatch.Connector;
import dev.sallyport.gateway.dispatch.HttpConnector;
import dev.sallyport.gateway.http.ApiHandler;
import dev.sallyport.gateway.http.JsonBodies;
import dev.sallyport.gateway.identity.TokenAuthenticator;
import dev.sallyport.ledger.AuditLog;
import dev.sallyport.ledger.LedgerReader;
import dev.sallyport.model.TenantId;
import dev.sallyport.model.TimeOrderedIds;
import dev.sallyport.policy.KillSwitches;
import dev.sallyport.policy.PolicyEngine;
import dev.sallyport.policy.SessionHistory;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Builds the gateway graph by hand, in pipeline order, and serves it over HTTP. The one place where
 * components are wired.
 */
public final class GatewayServer implements AutoCloseable {
  private final Server server;
  private final ExecutorService virtualThreads;
  private final HttpClient httpClient;

  /**
   * The parts a gateway is built from; stores and clock are passed in so that tests and the demo
   * choose them.
   */
  public record Parts(
      Deployment deployment,
      JWKSource<SecurityContext> issuerKeys,
      AuditLog auditLog,
      LedgerReader ledger,
      SessionHistory sessionHistory,
      KillSwitches killSwitches,
      Clock clock) {}

  private GatewayServer(Server server, ExecutorService virtualThreads, HttpClient httpClient) {
    this.server = server;
    this.virtualThreads = virtualThreads;
    this.httpClient = httpClient;
  }

  /**
   * Wires the gateway, records {@code config.loaded} for every tenant, and starts listening.
   *
   * @param port the port, or 0 for any free one
   * @throws Exception when the port cannot be bound or the audit log cannot take the load event
   */
  public static GatewayServer start(Parts parts, String host, int port) throws Exception {
    Clock clock = parts.clock();
    TimeOrderedIds ids = new TimeOrderedIds(clock, new SecureRandom());
    ExecutorService virtualThreads = Executors.newVirtualThreadPerTaskExecutor();
    HttpClient httpClient =
        HttpClient.newBuilder()
            .executor(virtualThreads)
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    JsonBodies json = new JsonBodies();
    Map<TenantId, Map<String, Connector>> connectors = new HashMap<>();
    for (TenantConfig tenant : parts.deployment().tenants().values()) {
      Map<String, Connector> byName = new HashMap<>();
      for (ConnectorSettings settings : tenant.connectors().values()) {
        byName.put(settings.name(), new HttpConnector(settings, httpClient, json.mapper()));
      }
      connectors.put(tenant.id(), Map.copyOf(byName));
    }

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    AuditRecorder audit = new AuditRecorder(parts.auditLog(), clock, ids);
    for (TenantConfig tenant : parts.deployment().tenants().values()) {
      audit.configLoaded(tenant.id(), tenant.policy().version());
    }
    PolicyEngine policy =
        new PolicyEngine(
            parts.deployment().policies(), parts.sessionHistory(), parts.killSwitches());
    ToolCallPipeline pipeline =
        new ToolCallPipeline(
            policy,
            audit,
            parts.sessionHistory(),
            (principal, tool) -> {
              Connector connector =
                  connectors.getOrDefault(principal.tenant(), Map.of()).get(tool.connector());
              if (connector == null) {
                throw new IllegalStateException("no connector " + tool.connector());
              }
              return connector;
            },
            clock,
            ids,
            new DecisionMetrics(metrics));
    TokenAuthenticator authenticator =
        new TokenAuthenticator(parts.deployment(), parts.issuerKeys(), clock);

    QueuedThreadPool threads = new QueuedThreadPool();
    threads.setName("http");
    threads.setVirtualThreadsExecutor(virtualThreads);
    Server server = new Server(threads);
    ServerConnector connector = new ServerConnector(server);
    connector.setHost(host);
    connector.setPort(port);
    server.addConnector(connector);
    server.setHandler(
        new ApiHandler(authenticator, pipeline, parts.auditLog(), metrics, parts.ledger(), json));
    server.setStopTimeout(5_000);
    server.start();
    return new GatewayServer(server, virtualThreads, httpClient);
  }

  /** The port the server listens on. */
  public int port() {
    return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
  }

  public void join() throws InterruptedException {
    server.join();
  }

  @Override
  public void close() throws Exception {
    server.stop();
    httpClient.close();
    virtualThreads.close();
  }
}
