package dev.sallyport.siem;

import java.util.List;

/**
 * Where exported records go. A sink is used by one exporter thread at a time.
 *
 * <p>{@link #deliver} MUST return only once the records are handed over as durably as the transport
 * allows (written and synced to the file, written to the TCP connection, sent as datagrams,
 * answered 2xx), and MUST throw otherwise: the exporter moves its cursor only after a normal
 * return.
 */
public sealed interface Sink extends AutoCloseable permits JsonlSink, SyslogSink, WebhookSink {
  /** Delivers the records, in order, all of one tenant. */
  void deliver(List<ExportRecord> records) throws DeliveryException;

  /** Where the records go, for logs and status: never a secret, never a full URL. */
  String destination();

  /**
   * Releases connections. MAY be called from another thread while {@link #deliver} blocks, and then
   * makes it fail promptly: that is how a stuck delivery is abandoned at shutdown.
   */
  @Override
  void close();
}
