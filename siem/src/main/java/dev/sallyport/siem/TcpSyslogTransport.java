package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Syslog over one TCP connection with RFC 6587 octet-counting framing ({@code MSG-LEN SP
 * SYSLOG-MSG}), so a message may hold any byte, line breaks included. The connection is opened on
 * first use and again after any failure.
 *
 * <p>TCP has no acknowledgement a sender can see: a write succeeds once the local kernel has the
 * bytes. Two precautions narrow the gap. Before each batch the connection is probed, and one the
 * receiver has closed is replaced rather than written into (the first write to a closed peer
 * "succeeds" and is lost). A write that does not finish in time (a receiver that stopped reading)
 * closes the connection and fails the batch, which is then sent again.
 */
final class TcpSyslogTransport implements SyslogTransport {
  private final String host;
  private final int port;
  private final Duration connectTimeout;
  private final Duration writeTimeout;
  private volatile Socket socket;

  TcpSyslogTransport(String host, int port, Duration connectTimeout, Duration writeTimeout) {
    this.host = requireNonNull(host, "host is null");
    this.port = port;
    this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout is null");
    this.writeTimeout = requireNonNull(writeTimeout, "writeTimeout is null");
  }

  @Override
  public void send(List<byte[]> messages) throws DeliveryException {
    ByteArrayOutputStream frames = new ByteArrayOutputStream();
    for (byte[] message : messages) {
      byte[] length = Integer.toString(message.length).getBytes(StandardCharsets.US_ASCII);
      frames.write(length, 0, length.length);
      frames.write(' ');
      frames.write(message, 0, message.length);
    }
    Socket connection = null;
    try {
      connection = connection();
      Socket watched = connection;
      // Java sockets have no write timeout: a watchdog closes the socket instead, which makes the
      // blocked write fail.
      Thread watchdog =
          Thread.ofVirtual()
              .name("syslog-write-watchdog")
              .start(() -> {
                try {
                  Thread.sleep(writeTimeout);
                  closeQuietly(watched);
                } catch (InterruptedException e) {
                  // The write finished in time.
                }
              });
      try {
        OutputStream out = connection.getOutputStream();
        frames.writeTo(out);
        out.flush();
      } finally {
        watchdog.interrupt();
      }
    } catch (IOException e) {
      closeQuietly(connection);
      socket = null;
      throw new DeliveryException("syslog " + destination() + ": " + e, e);
    }
  }

  /** The open connection, unless the receiver closed it; a new one otherwise. */
  private Socket connection() throws IOException {
    Socket current = socket;
    if (current != null && isOpen(current)) {
      return current;
    }
    closeQuietly(current);
    Socket fresh = new Socket();
    try {
      fresh.setKeepAlive(true);
      fresh.setTcpNoDelay(true);
      fresh.connect(new InetSocketAddress(host, port), Math.toIntExact(connectTimeout.toMillis()));
    } catch (IOException e) {
      closeQuietly(fresh);
      throw e;
    }
    socket = fresh;
    return fresh;
  }

  /**
   * A syslog receiver never sends anything, so a read that times out means the connection is alive
   * and end-of-stream (or an error) means the receiver has gone.
   */
  private static boolean isOpen(Socket socket) {
    if (socket.isClosed()) {
      return false;
    }
    try {
      socket.setSoTimeout(1);
      InputStream in = socket.getInputStream();
      return in.read() >= 0;
    } catch (SocketTimeoutException e) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static void closeQuietly(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing left to release.
      }
    }
  }

  @Override
  public int maxMessageBytes() {
    return Integer.MAX_VALUE;
  }

  @Override
  public String destination() {
    return "tcp://" + host + ":" + port;
  }

  @Override
  public void close() {
    closeQuietly(socket);
    socket = null;
  }
}
