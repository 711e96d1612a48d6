package dev.sallyport.secrets;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Collects a response body up to a limit and cancels the exchange beyond it, so that a broken or
 * hostile server cannot make the executor buffer without bound. Buffers it drops are zeroed: a body
 * may hold a credential. The HTTP client signals serially, so no locking is needed.
 */
final class BoundedBodySubscriber implements HttpResponse.BodySubscriber<byte[]> {
  /** The body was longer than the limit. Carries no content. */
  static final class TooLargeException extends IOException {
    private static final long serialVersionUID = 1L;

    TooLargeException() {
      super("the answer is larger than the limit");
    }
  }

  private final int limit;
  private final CompletableFuture<byte[]> body = new CompletableFuture<>();
  private Flow.Subscription subscription;
  private byte[] buffer = new byte[0];
  private int size;

  BoundedBodySubscriber(int limit) {
    this.limit = limit;
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    this.subscription = subscription;
    subscription.request(Long.MAX_VALUE);
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    if (body.isDone()) {
      return;
    }
    for (ByteBuffer item : items) {
      int remaining = item.remaining();
      if (remaining > limit - size) {
        wipe();
        subscription.cancel();
        body.completeExceptionally(new TooLargeException());
        return;
      }
      if (size + remaining > buffer.length) {
        byte[] grown = Arrays.copyOf(buffer, Math.min(limit, Math.max(size + remaining, size * 2)));
        Arrays.fill(buffer, (byte) 0);
        buffer = grown;
      }
      item.get(buffer, size, remaining);
      size += remaining;
    }
  }

  @Override
  public void onError(Throwable throwable) {
    wipe();
    body.completeExceptionally(throwable);
  }

  @Override
  public void onComplete() {
    if (!body.isDone()) {
      byte[] exact = Arrays.copyOf(buffer, size);
      wipe();
      body.complete(exact);
    }
  }

  @Override
  public CompletionStage<byte[]> getBody() {
    return body;
  }

  private void wipe() {
    Arrays.fill(buffer, (byte) 0);
    buffer = new byte[0];
    size = 0;
  }
}
