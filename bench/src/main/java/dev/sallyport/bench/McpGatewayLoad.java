package dev.sallyport.bench;

import dev.sallyport.testing.ExampleDeployments;
import dev.sallyport.testing.NpmPackages;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The MCP gateway's load benchmark (issue #5): the latency a {@code tools/call} gains through
 * Sallyport, against calling the same upstream directly, at 1, 16 and 64 concurrent clients
 * offering 2,000 calls/s between them, with the audit log durable as {@code serve} keeps it. In the
 * same run, the same workload through {@code mcp-proxy} from npm, which fronts stdio servers only:
 * so it and Sallyport are both measured in front of one Node stdio echo server as well.
 *
 * <p>Four targets, each called over Streamable HTTP by the same client code ({@link McpSession}):
 *
 * <ul>
 *   <li>{@code direct}: the in-process {@link EchoMcpServer}, nothing in between;
 *   <li>{@code sallyport}: Sallyport's {@code /mcp} in front of that server (connector {@code
 *       fast});
 *   <li>{@code sallyport-stdio}: Sallyport in front of the Node echo server over stdio;
 *   <li>{@code mcp-proxy}: {@code mcp-proxy} in front of the same Node echo server.
 * </ul>
 *
 * <p>First every target runs unmeasured for {@code prewarm} seconds at 4 clients, so that no target
 * is measured on code the JIT has not compiled yet. Each client has its own MCP session and paces
 * itself to its share of the offered rate; a call is timed from its send to its checked answer. A
 * client that falls behind sends its next call at once (it never bursts to catch up), so the
 * achieved rate shows whether the offered load was met. This is a load test, not a JMH
 * microbenchmark: JMH cannot pace an open workload across threads.
 *
 * <p>Arguments (all optional): {@code clients=1,16,64 rate=2000 prewarm=10 warmup=5 measure=15
 * targets=direct,sallyport,sallyport-volatile,sallyport-stdio,mcp-proxy}.
 */
public final class McpGatewayLoad {
  private static final String MCP_PROXY_VERSION = "6.7.19";

  private McpGatewayLoad() {}

  /** What one target did at one number of clients. */
  record Result(
      String target,
      int clients,
      double achievedPerSecond,
      long[] sortedNanos,
      long errors,
      Optional<String> firstError) {
    long percentile(double p) {
      if (sortedNanos.length == 0) {
        return 0;
      }
      int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
      return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))];
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("clients", "1,16,64");
    options.put("rate", "2000");
    options.put("warmup", "5");
    options.put("measure", "15");
    options.put("prewarm", "10");
    options.put("targets", "direct,sallyport,sallyport-volatile,sallyport-stdio,mcp-proxy");
    for (String arg : args) {
      String[] kv = arg.split("=", 2);
      if (kv.length != 2 || !options.containsKey(kv[0])) {
        throw new IllegalArgumentException("unknown argument " + arg + "; known: " + options);
      }
      options.put(kv[0], kv[1]);
    }
    int[] clientCounts =
        Arrays.stream(options.get("clients").split(",")).mapToInt(Integer::parseInt).toArray();
    int rate = Integer.parseInt(options.get("rate"));
    Duration warmup = Duration.ofSeconds(Long.parseLong(options.get("warmup")));
    Duration measure = Duration.ofSeconds(Long.parseLong(options.get("measure")));
    Duration prewarm = Duration.ofSeconds(Long.parseLong(options.get("prewarm")));
    List<String> targets = List.of(options.get("targets").split(","));
    int maxClients = Arrays.stream(clientCounts).max().orElse(1);

    Path folder = Files.createTempDirectory("sallyport-mcp-load-");
    Path echoScript = folder.resolve("echo-server.mjs");
    try (InputStream script = McpGatewayLoad.class.getResourceAsStream("/mcp/echo-server.mjs")) {
      Files.write(echoScript, script.readAllBytes());
    }
    List<String> stdioCommand = List.of("node", echoScript.toString());
    System.out.printf(
        Locale.ROOT,
        "MCP gateway load: %s clients, %d calls/s offered in all, %ds warm-up, %ds measured,"
            + " %d cores, %s%n",
        options.get("clients"),
        rate,
        warmup.toSeconds(),
        measure.toSeconds(),
        Runtime.getRuntime().availableProcessors(),
        Runtime.version());

    List<Result> results = new ArrayList<>();
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        EchoMcpServer upstream = new EchoMcpServer();
        GatewayUnderLoad gateway =
            new GatewayUnderLoad(
                folder.resolve("durable"), upstream.url(), stdioCommand, maxClients + 4, true);
        GatewayUnderLoad volatileGateway =
            targets.contains("sallyport-volatile")
                ? new GatewayUnderLoad(
                    folder.resolve("volatile"), upstream.url(), stdioCommand, maxClients + 4, false)
                : null;
        McpProxy proxy = targets.contains("mcp-proxy") ? McpProxy.start(stdioCommand) : null) {
      // Every target once, unmeasured, before any is measured: the first would otherwise run on
      // code the JIT has not compiled yet.
      for (boolean measured : new boolean[] {false, true}) {
        for (String target : targets) {
          for (int clients : measured ? clientCounts : new int[] {4}) {
            McpSessionFactory sessions =
                switch (target) {
                  case "direct" ->
                      () -> new McpSession(http, upstream.url(), Optional.empty(), "echo");
                  case "sallyport" ->
                      () ->
                          new McpSession(
                              http, gateway.endpoint(), Optional.of(gateway.token()), "fast.echo");
                  case "sallyport-volatile" ->
                      () ->
                          new McpSession(
                              http,
                              volatileGateway.endpoint(),
                              Optional.of(volatileGateway.token()),
                              "fast.echo");
                  case "sallyport-stdio" ->
                      () ->
                          new McpSession(
                              http, gateway.endpoint(), Optional.of(gateway.token()), "stdio.echo");
                  case "mcp-proxy" ->
                      () -> new McpSession(http, proxy.endpoint(), Optional.empty(), "echo");
                  default -> throw new IllegalArgumentException("unknown target " + target);
                };
            if (!measured) {
              run(target, clients, rate, prewarm, Duration.ofSeconds(1), sessions);
              continue;
            }
            Result result = run(target, clients, rate, warmup, measure, sessions);
            results.add(result);
            print(result);
          }
        }
      }
    }
    System.out.println();
    summary(results, clientCounts);
    try (var paths = Files.walk(folder)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /** Opens one client session of a target. */
  private interface McpSessionFactory {
    McpSession create();
  }

  private static Result run(
      String target,
      int clients,
      int rate,
      Duration warmup,
      Duration measure,
      McpSessionFactory factory)
      throws Exception {
    List<McpSession> sessions = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      sessions.add(factory.create().open());
    }
    long interval = TimeUnit.SECONDS.toNanos(1) * clients / rate;
    long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
    long measureFrom = start + warmup.toNanos();
    long measureTo = measureFrom + measure.toNanos();
    AtomicLong errors = new AtomicLong();
    List<String> firstError = java.util.Collections.synchronizedList(new ArrayList<>());
    long[][] samples = new long[clients][];
    int[] counts = new int[clients];
    CountDownLatch done = new CountDownLatch(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      McpSession session = sessions.get(c);
      Thread.ofPlatform()
          .name("mcp-load-" + c)
          .start(() -> {
            long[] mine = new long[1024];
            int n = 0;
            long next = start + interval * client / clients;
            long sequence = 0;
            try {
              while (true) {
                long now = System.nanoTime();
                if (now < next) {
                  LockSupport.parkNanos(next - now);
                  continue;
                }
                if (now >= measureTo) {
                  break;
                }
                long sent = System.nanoTime();
                try {
                  session.echo("m" + client + "-" + sequence++);
                } catch (IOException e) {
                  errors.incrementAndGet();
                  if (firstError.isEmpty()) {
                    firstError.add(e.getMessage());
                  }
                  continue;
                }
                long took = System.nanoTime() - sent;
                if (sent >= measureFrom) {
                  if (n == mine.length) {
                    mine = Arrays.copyOf(mine, n * 2);
                  }
                  mine[n++] = took;
                }
                // Behind schedule: the next call goes now, without a burst to catch up.
                next = Math.max(next + interval, System.nanoTime() - interval);
              }
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            } finally {
              samples[client] = mine;
              counts[client] = n;
              done.countDown();
            }
          });
    }
    if (!done.await(warmup.plus(measure).toSeconds() + 120, TimeUnit.SECONDS)) {
      throw new IllegalStateException(target + ": clients did not finish");
    }
    for (McpSession session : sessions) {
      session.close();
    }
    int total = Arrays.stream(counts).sum();
    long[] all = new long[total];
    int at = 0;
    for (int c = 0; c < clients; c++) {
      System.arraycopy(samples[c], 0, all, at, counts[c]);
      at += counts[c];
    }
    Arrays.sort(all);
    return new Result(
        target,
        clients,
        total / (measure.toNanos() / 1e9),
        all,
        errors.get(),
        firstError.stream().findFirst());
  }

  private static void print(Result r) {
    System.out.printf(
        Locale.ROOT,
        "%-16s clients %3d  %7.0f calls/s  p50 %8.1f  p90 %8.1f  p99 %8.1f  p99.9 %8.1f  max %8.1f"
            + " µs  errors %d%s%n",
        r.target(),
        r.clients(),
        r.achievedPerSecond(),
        r.percentile(50) / 1e3,
        r.percentile(90) / 1e3,
        r.percentile(99) / 1e3,
        r.percentile(99.9) / 1e3,
        r.percentile(100) / 1e3,
        r.errors(),
        r.firstError().map(e -> " (first: " + e + ")").orElse(""));
  }

  /** The added latency: Sallyport minus direct, and Sallyport minus mcp-proxy over stdio. */
  private static void summary(List<Result> results, int[] clientCounts) {
    System.out.println("Added by the gateway (µs, p50 / p99):");
    for (int clients : clientCounts) {
      StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %3d clients:", clients));
      difference(results, clients, "sallyport", "direct", line);
      difference(results, clients, "sallyport-volatile", "direct", line);
      difference(results, clients, "sallyport-stdio", "mcp-proxy", line);
      System.out.println(line);
    }
  }

  private static void difference(
      List<Result> results, int clients, String through, String base, StringBuilder line) {
    Optional<Result> a = find(results, through, clients);
    Optional<Result> b = find(results, base, clients);
    if (a.isPresent() && b.isPresent()) {
      line.append(
          String.format(
              Locale.ROOT,
              "  %s - %s: %+.0f / %+.0f",
              through,
              base,
              (a.get().percentile(50) - b.get().percentile(50)) / 1e3,
              (a.get().percentile(99) - b.get().percentile(99)) / 1e3));
    }
  }

  private static Optional<Result> find(List<Result> results, String target, int clients) {
    return results.stream()
        .filter(r -> r.target().equals(target) && r.clients() == clients)
        .findFirst();
  }

  /** {@code mcp-proxy} from npm, in front of a stdio server, on a loopback port of its own. */
  private static final class McpProxy implements AutoCloseable {
    private final Process process;
    private final int port;

    private McpProxy(Process process, int port) {
      this.process = process;
      this.port = port;
    }

    static McpProxy start(List<String> stdioCommand) throws Exception {
      Path modules =
          NpmPackages.install(
              ExampleDeployments.repositoryRoot().resolve("bench/target/npm"),
              Map.of("mcp-proxy", MCP_PROXY_VERSION));
      int port;
      try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        port = probe.getLocalPort();
      }
      List<String> command =
          new ArrayList<>(
              List.of(
                  "node",
                  modules.resolve("mcp-proxy/dist/bin/mcp-proxy.mjs").toString(),
                  "--host",
                  "127.0.0.1",
                  "--port",
                  String.valueOf(port),
                  "--server",
                  "stream",
                  "--"));
      command.addAll(stdioCommand);
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (true) {
        try (Socket probe = new Socket(InetAddress.getLoopbackAddress(), port)) {
          return new McpProxy(process, port);
        } catch (IOException notYet) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            process.destroyForcibly();
            throw new IOException("mcp-proxy did not start listening on " + port, notYet);
          }
          Thread.sleep(100);
        }
      }
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + port + "/mcp");
    }

    @Override
    public void close() throws InterruptedException {
      // Its stdio child goes with it when its standard input closes.
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }
}
