package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * POSTs a batch as {@code {"records":[...]}} ({@code application/json}), optionally signed with
 * HMAC-SHA256 ({@link WebhookSignature}). A 2xx answer delivers the batch. 408, 429 and 5xx are
 * retried with back-off, honouring {@code Retry-After}; 413 is retried with smaller batches; any
 * other answer (3xx, 4xx) is a rejection that needs an operator and is retried at the slowest pace.
 * Redirects are not followed: a signed batch goes only where it was configured to go.
 */
public final class WebhookSink implements Sink {
  private final URI url;
  private final Duration timeout;
  private final Optional<WebhookSignature> signature;
  private final Clock clock;
  private final ExecutorService executor;
  private final HttpClient client;

  WebhookSink(URI url, Duration timeout, Optional<WebhookSignature> signature, Clock clock) {
    this.url = requireNonNull(url, "url is null");
    this.timeout = requireNonNull(timeout, "timeout is null");
    this.signature = requireNonNull(signature, "signature is null");
    this.clock = requireNonNull(clock, "clock is null");
    this.executor = Executors.newVirtualThreadPerTaskExecutor();
    this.client =
        HttpClient.newBuilder()
            .executor(executor)
            .connectTimeout(timeout)
            // HTTP/1.1 everywhere: no h2c upgrade attempt that an ingestion endpoint could trip on.
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  @Override
  public void deliver(List<ExportRecord> records) throws DeliveryException {
    byte[] body = body(records);
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url)
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("User-Agent", "sallyport-siem/1")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signature.ifPresent(s -> request.header(WebhookSignature.HEADER, s.sign(body)));
    HttpResponse<Void> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
    } catch (IOException e) {
      throw new DeliveryException(destination() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(destination() + ": interrupted", e);
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return;
    }
    String message = destination() + " answered HTTP " + status;
    Optional<Duration> retryAfter =
        response.headers().firstValue("Retry-After").flatMap(this::retryAfter);
    if (status == 408 || status == 429 || status >= 500) {
      throw new DeliveryException(message, DeliveryException.Kind.RETRYABLE, retryAfter);
    }
    if (status == 413) {
      throw new DeliveryException(message, DeliveryException.Kind.TOO_LARGE, Optional.empty());
    }
    throw new DeliveryException(message, DeliveryException.Kind.REJECTED, retryAfter);
  }

  /** The request body: {@code {"records":[r1,r2,...]}}. */
  static byte[] body(List<ExportRecord> records) {
    StringBuilder out = new StringBuilder(16 + records.size() * 320);
    out.append("{\"records\":[");
    for (int i = 0; i < records.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(records.get(i).json());
    }
    return out.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  /** {@code Retry-After} as delay-seconds or an HTTP-date (RFC 9110 §10.2.3). */
  private Optional<Duration> retryAfter(String value) {
    String text = value.trim();
    if (text.matches("[0-9]{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      Instant at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration delay = Duration.between(clock.instant(), at);
      return Optional.of(delay.isNegative() ? Duration.ZERO : delay);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  @Override
  public String destination() {
    // Scheme, host and port only: a path or query may hold a token the operator did not mean to
    // show in logs.
    return "webhook "
        + url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() < 0 ? "" : ":" + url.getPort());
  }

  @Override
  public void close() {
    client.shutdownNow();
    executor.shutdownNow();
  }
}
