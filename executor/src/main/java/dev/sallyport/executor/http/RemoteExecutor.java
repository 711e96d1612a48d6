package dev.sallyport.executor.http;

import static java.util.Objects.requireNonNull;

import dev.sallyport.executor.ActionExecutor;
import dev.sallyport.executor.DryRunRequest;
import dev.sallyport.executor.ExecutionOutcome;
import dev.sallyport.executor.ExecutionRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * The gateway's side of a separate executor: sends the packet and the call over HTTP and reads the
 * answer. It never retries: when the executor cannot be reached, or its answer does not arrive in
 * time or cannot be read, the outcome is {@link ExecutionOutcome.Unavailable}: the call may or may
 * not have been sent, and only the executor's ledger knows. A second attempt could send twice.
 */
public final class RemoteExecutor implements ActionExecutor {
  private static final int MAX_ANSWER_BYTES = 2 << 20;

  private final URI execute;
  private final URI dryRun;
  private final HttpClient client;
  private final Duration timeout;
  private final ExecutorWire wire = new ExecutorWire();

  /**
   * @param base the executor's base URL, {@code http(s)://HOST:PORT}
   * @param client a client that does not follow redirects
   * @param timeout how long to wait for an answer
   */
  public RemoteExecutor(URI base, HttpClient client, Duration timeout) {
    requireNonNull(base, "base is null");
    String root = base.toString().endsWith("/") ? base.toString() : base + "/";
    this.execute = URI.create(root + "v1/execute");
    this.dryRun = URI.create(root + "v1/dry-run");
    this.client = requireNonNull(client, "client is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
  }

  @Override
  public ExecutionOutcome execute(ExecutionRequest request) {
    byte[] body;
    try {
      body = wire.write(request);
    } catch (IOException e) {
      return new ExecutionOutcome.NotSent(
          dev.sallyport.model.ErrorCode.INTERNAL, "the call could not be encoded");
    }
    return post(execute, body);
  }

  @Override
  public ExecutionOutcome dryRun(DryRunRequest request) {
    byte[] body;
    try {
      body = wire.write(request);
    } catch (IOException e) {
      return new ExecutionOutcome.NotSent(
          dev.sallyport.model.ErrorCode.INTERNAL, "the call could not be encoded");
    }
    return post(dryRun, body);
  }

  private ExecutionOutcome post(URI uri, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<InputStream> response =
          client.send(request, HttpResponse.BodyHandlers.ofInputStream());
      byte[] answer;
      try (InputStream in = response.body()) {
        answer = in.readNBytes(MAX_ANSWER_BYTES);
      }
      Optional<ExecutionOutcome> outcome = wire.readAnswer(response.statusCode(), answer);
      return outcome.orElseGet(() ->
          new ExecutionOutcome.Unavailable(
              "the executor answered " + response.statusCode() + " with an unreadable body"));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new ExecutionOutcome.Unavailable("interrupted while waiting for the executor");
    } catch (IOException e) {
      return new ExecutionOutcome.Unavailable(
          "no answer from the executor (" + e.getClass().getSimpleName() + ")");
    }
  }
}
