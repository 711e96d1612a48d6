package dev.sallyport.notify;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.random.RandomGenerator;

/**
 * Sends each notice through every channel on its own virtual thread, retrying per the {@link
 * RetryPolicy}, and tells the {@link DeliveryListener} about every attempt. The caller (the
 * approval path) never waits for a webhook: {@link #deliver} returns at once, and a channel that is
 * down delays nothing but its own notice.
 */
public final class NoticeDelivery implements AutoCloseable {
  /** How a notice fared on one channel. */
  public record Outcome(String channel, boolean delivered, int attempts) {}

  private final List<NoticeChannel> channels;
  private final RetryPolicy retry;
  private final DeliveryListener listener;
  private final RandomGenerator random;
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

  public NoticeDelivery(
      List<NoticeChannel> channels,
      RetryPolicy retry,
      DeliveryListener listener,
      RandomGenerator random) {
    this.channels = List.copyOf(channels);
    this.retry = requireNonNull(retry, "retry is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.random = requireNonNull(random, "random is null");
  }

  /** Starts delivering {@code notice}; the future completes when every channel has finished. */
  public CompletableFuture<List<Outcome>> deliver(ApprovalNotice notice) {
    List<CompletableFuture<Outcome>> each = new ArrayList<>();
    for (NoticeChannel channel : channels) {
      each.add(CompletableFuture.supplyAsync(() -> attempt(channel, notice), threads));
    }
    return CompletableFuture.allOf(each.toArray(CompletableFuture[]::new))
        .thenApply(done -> each.stream().map(CompletableFuture::join).toList());
  }

  /** The channels by name, for status pages. */
  public Map<String, NoticeChannel> channels() {
    Map<String, NoticeChannel> out = new java.util.LinkedHashMap<>();
    channels.forEach(c -> out.put(c.name(), c));
    return out;
  }

  private Outcome attempt(NoticeChannel channel, ApprovalNotice notice) {
    for (int attempt = 1; ; attempt++) {
      try {
        channel.send(notice);
        listener.delivered(channel.name(), notice, attempt);
        return new Outcome(channel.name(), true, attempt);
      } catch (DeliveryException e) {
        boolean last = !e.retryable() || attempt >= retry.maxAttempts();
        listener.failed(channel.name(), notice, attempt, e.getMessage(), last);
        if (last) {
          return new Outcome(channel.name(), false, attempt);
        }
      } catch (RuntimeException e) {
        // A bug in a channel must still be seen, and must not be retried forever.
        listener.failed(channel.name(), notice, attempt, e.getClass().getSimpleName(), true);
        return new Outcome(channel.name(), false, attempt);
      }
      try {
        Thread.sleep(retry.delayBefore(attempt + 1, random.nextDouble()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        listener.failed(channel.name(), notice, attempt, "shutting down", true);
        return new Outcome(channel.name(), false, attempt);
      }
    }
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
