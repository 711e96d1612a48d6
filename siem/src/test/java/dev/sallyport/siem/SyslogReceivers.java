package dev.sallyport.siem;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Real syslog receivers on loopback: TCP with RFC 6587 octet counting, and UDP. */
final class SyslogReceivers {
  private SyslogReceivers() {}

  /** Accepts connections and reads octet-counted frames; each frame is one message. */
  static final class Tcp implements AutoCloseable {
    private final ServerSocket server;
    private final List<byte[]> messages = new CopyOnWriteArrayList<>();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();

    Tcp(int port) throws IOException {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      Thread.ofVirtual().start(this::accept);
    }

    int port() {
      return server.getLocalPort();
    }

    List<byte[]> messages() {
      return List.copyOf(messages);
    }

    private void accept() {
      while (!server.isClosed()) {
        try {
          Socket socket = server.accept();
          connections.add(socket);
          Thread.ofVirtual().start(() -> read(socket));
        } catch (IOException e) {
          return;
        }
      }
    }

    private void read(Socket socket) {
      try (socket;
          InputStream in = socket.getInputStream()) {
        while (true) {
          int length = 0;
          int b;
          while ((b = in.read()) != ' ') {
            if (b < 0) {
              return;
            }
            if (b < '0' || b > '9') {
              throw new IOException("not octet counting: byte " + b);
            }
            length = length * 10 + (b - '0');
          }
          byte[] message = in.readNBytes(length);
          if (message.length < length) {
            return;
          }
          messages.add(message);
        }
      } catch (IOException e) {
        // The connection ended.
      }
    }

    /** Closes the listening socket and every connection: the receiver is down. */
    @Override
    public void close() throws IOException {
      server.close();
      for (Socket socket : connections) {
        socket.close();
      }
    }
  }

  /** Receives datagrams; each is one message. */
  static final class Udp implements AutoCloseable {
    private final DatagramSocket socket;
    private final List<byte[]> messages = new CopyOnWriteArrayList<>();

    Udp() throws IOException {
      socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      socket.setReceiveBufferSize(4 << 20);
      Thread.ofVirtual().start(this::receive);
    }

    int port() {
      return socket.getLocalPort();
    }

    List<byte[]> messages() {
      return List.copyOf(messages);
    }

    private void receive() {
      byte[] buffer = new byte[65_535];
      while (!socket.isClosed()) {
        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
        try {
          socket.receive(packet);
          messages.add(Arrays.copyOf(packet.getData(), packet.getLength()));
        } catch (IOException e) {
          return;
        }
      }
    }

    @Override
    public void close() {
      socket.close();
    }
  }
}
