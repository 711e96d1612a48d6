package dev.sallyport.gateway.identity;

import static java.util.Objects.requireNonNull;

import dev.sallyport.config.IdentitySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads JSON documents (JWK sets, discovery metadata) from an identity provider: {@code https} or a
 * loopback literal only, no redirects (the client is built without them), one deadline for the
 * whole exchange including the body, and a size limit checked while reading.
 */
public final class IdpClient {
  /** JWK sets and metadata are a few KiB; Entra's, among the largest, is about 20 KiB. */
  public static final int MAX_DOCUMENT_BYTES = 256 * 1024;

  public static final Duration TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final Duration timeout;
  private final int maxBytes;

  /** A response: its status, and its body when the status is 200 (otherwise empty). */
  public record Document(int status, byte[] body) {}

  /**
   * @param http a client that never follows redirects
   */
  public IdpClient(HttpClient http, Duration timeout, int maxBytes) {
    this.http = requireNonNull(http, "http is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.maxBytes = maxBytes;
    if (http.followRedirects() != HttpClient.Redirect.NEVER) {
      throw new IllegalArgumentException("the IdP client must not follow redirects");
    }
  }

  public IdpClient(HttpClient http) {
    this(http, TIMEOUT, MAX_DOCUMENT_BYTES);
  }

  /**
   * GETs a document.
   *
   * @throws IOException when the URL is not https (or loopback http), the IdP does not answer in
   *     time, or a 200 body is larger than the limit
   */
  public Document get(URI uri) throws IOException {
    if (!IdentitySettings.isHttpsOrLoopback(uri)) {
      throw new IOException("refusing to fetch keys or metadata over " + uri.getScheme());
    }
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    CompletableFuture<HttpResponse<byte[]>> answer =
        http.sendAsync(
            request,
            info ->
                info.statusCode() == 200
                    ? new BoundedBody(
                        maxBytes, info.headers().firstValueAsLong("content-length").orElse(-1))
                    : HttpResponse.BodySubscribers.replacing(new byte[0]));
    try {
      HttpResponse<byte[]> response = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      return new Document(response.statusCode(), response.body());
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new IOException("no complete answer from " + uri + " within " + timeout);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IOException(
          uri + ": " + cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      answer.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while fetching " + uri);
    }
  }

  /** Collects a body up to a limit; more than that fails the exchange and stops reading. */
  private static final class BoundedBody implements HttpResponse.BodySubscriber<byte[]> {
    private final int limit;
    private final long declared;
    private final CompletableFuture<byte[]> result = new CompletableFuture<>();
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private Flow.Subscription subscription;

    BoundedBody(int limit, long declared) {
      this.limit = limit;
      this.declared = declared;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
      this.subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(List<ByteBuffer> items) {
      if (result.isDone()) {
        return;
      }
      for (ByteBuffer item : items) {
        // A declared length over the limit fails at the first bytes, without reading the rest.
        if (declared > limit || buffer.size() + item.remaining() > limit) {
          subscription.cancel();
          result.completeExceptionally(tooLarge());
          return;
        }
        byte[] bytes = new byte[item.remaining()];
        item.get(bytes);
        buffer.write(bytes, 0, bytes.length);
      }
    }

    @Override
    public void onError(Throwable throwable) {
      result.completeExceptionally(throwable);
    }

    @Override
    public void onComplete() {
      if (declared > limit) {
        result.completeExceptionally(tooLarge());
      } else {
        result.complete(buffer.toByteArray());
      }
    }

    @Override
    public CompletionStage<byte[]> getBody() {
      return result;
    }

    private IOException tooLarge() {
      return new IOException("the document is larger than " + limit + " bytes");
    }
  }
}
