package dev.sallyport.notify;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * One JSON POST to a webhook, with the outcome mapped to what a retry can change: 2xx delivered;
 * 408, 429, 5xx, timeouts and refused connections retryable; any other status final. The response
 * body is discarded unread beyond its status: receivers are not trusted to say anything else.
 */
final class WebhookPost {
  private final HttpClient client;
  private final URI url;
  private final Duration timeout;
  private final String channel;

  WebhookPost(HttpClient client, URI url, Duration timeout, String channel) {
    this.client = requireNonNull(client, "client is null");
    this.url = requireNonNull(url, "url is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.channel = requireNonNull(channel, "channel is null");
    String scheme = url.getScheme();
    boolean loopback = "127.0.0.1".equals(url.getHost()) || "[::1]".equals(url.getHost());
    if (!"https".equals(scheme) && !("http".equals(scheme) && loopback)) {
      // Approval links are bearer-like: they never travel in clear text off this machine.
      throw new IllegalArgumentException(channel + " webhook must be https (or loopback http)");
    }
  }

  void post(byte[] body, Map<String, String> headers) throws DeliveryException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new DeliveryException(channel + ": " + e.getClass().getSimpleName(), true, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(channel + ": interrupted", false, null);
    }
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    boolean retryable = status == 408 || status == 429 || status >= 500;
    throw new DeliveryException(channel + ": HTTP " + status, retryable, null);
  }
}
