package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.List;
import java.util.Optional;

/**
 * Syslog over UDP (RFC 5426): one message per datagram, each at most {@code maxMessageBytes} (2048
 * by default, which RFC 5426 §3.2 says every receiver SHOULD accept). UDP confirms nothing: a sent
 * datagram counts as delivered, so this transport is best effort by nature; use TCP or the webhook
 * where loss matters. The address is resolved for every batch, so a receiver that moves is
 * followed.
 */
final class UdpSyslogTransport implements SyslogTransport {
  private final String host;
  private final int port;
  private final int maxMessageBytes;
  private final DatagramSocket socket;

  UdpSyslogTransport(String host, int port, int maxMessageBytes) throws SocketException {
    this.host = requireNonNull(host, "host is null");
    this.port = port;
    this.maxMessageBytes = maxMessageBytes;
    this.socket = new DatagramSocket();
  }

  @Override
  public void send(List<byte[]> messages) throws DeliveryException {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new DeliveryException(
          "syslog " + destination() + ": cannot resolve " + host,
          DeliveryException.Kind.RETRYABLE,
          Optional.empty());
    }
    try {
      for (byte[] message : messages) {
        socket.send(new DatagramPacket(message, message.length, address));
      }
    } catch (IOException e) {
      throw new DeliveryException("syslog " + destination() + ": " + e, e);
    }
  }

  @Override
  public int maxMessageBytes() {
    return maxMessageBytes;
  }

  @Override
  public String destination() {
    return "udp://" + host + ":" + port;
  }

  @Override
  public void close() {
    socket.close();
  }
}
