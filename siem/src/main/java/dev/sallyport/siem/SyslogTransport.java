package dev.sallyport.siem;

import java.util.List;

/** How syslog messages travel to the receiver. */
sealed interface SyslogTransport extends AutoCloseable
    permits TcpSyslogTransport, UdpSyslogTransport {
  /** Sends the messages in order; returns only once each is handed to the network. */
  void send(List<byte[]> messages) throws DeliveryException;

  /** The longest message this transport sends whole; longer ones are truncated by the caller. */
  int maxMessageBytes();

  String destination();

  /** Closes the connection; a {@link #send} blocked in another thread then fails. */
  @Override
  void close();
}
