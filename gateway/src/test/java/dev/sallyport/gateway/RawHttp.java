package dev.sallyport.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket bound to a chosen local address: the tests of ingress choose the
 * client's address (any of 127.0.0.0/8 on Linux) and write headers exactly, body or none.
 */
final class RawHttp {
  private RawHttp() {}

  /** An answer: status, headers (names in lower case) and body. */
  record Answer(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * Sends {@code head} (request line and header lines, without the blank line) and {@code body}
   * from {@code from} to {@code to:port}, and reads the answer until the server closes. A request
   * that the server would keep open should carry {@code Connection: close}.
   */
  static Answer exchange(String from, String to, int port, String head, String body)
      throws IOException {
    try (Socket socket = new Socket()) {
      socket.setSoTimeout(10_000);
      socket.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
      socket.connect(new InetSocketAddress(InetAddress.getByName(to), port), 10_000);
      socket.getOutputStream().write((head + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
      socket.getOutputStream().flush();
      return parse(readAll(socket.getInputStream()));
    }
  }

  /** A GET of {@code path} from {@code from} to 127.0.0.1, with extra header lines. */
  static Answer get(String from, int port, String path, String... headers) throws IOException {
    StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: sallyport");
    for (String header : headers) {
      head.append("\r\n").append(header);
    }
    head.append("\r\nConnection: close");
    return exchange(from, "127.0.0.1", port, head.toString(), "");
  }

  /** A POST of a JSON body to {@code path} with a bearer token, from {@code from}. */
  static Answer post(
      String from, String to, int port, String path, String token, String json, String... headers)
      throws IOException {
    StringBuilder head =
        new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: sallyport")
            .append("\r\nAuthorization: Bearer ")
            .append(token)
            .append("\r\nContent-Type: application/json")
            .append("\r\nContent-Length: ")
            .append(json.getBytes(StandardCharsets.UTF_8).length);
    for (String header : headers) {
      head.append("\r\n").append(header);
    }
    head.append("\r\nConnection: close");
    return exchange(from, to, port, head.toString(), json);
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    in.transferTo(out);
    return out.toByteArray();
  }

  private static Answer parse(byte[] bytes) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    int end = text.indexOf("\r\n\r\n");
    if (end < 0) {
      throw new IllegalStateException("no complete answer: " + text);
    }
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.put(
          lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
          lines[i].substring(colon + 1).trim());
    }
    String body = text.substring(end + 4);
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      body = unchunk(body);
    }
    return new Answer(
        status,
        headers,
        new String(body.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
  }

  private static String unchunk(String chunked) {
    StringBuilder body = new StringBuilder();
    int at = 0;
    while (true) {
      int lineEnd = chunked.indexOf("\r\n", at);
      int size = Integer.parseInt(chunked.substring(at, lineEnd).split(";")[0].trim(), 16);
      if (size == 0) {
        return body.toString();
      }
      body.append(chunked, lineEnd + 2, lineEnd + 2 + size);
      at = lineEnd + 2 + size + 2;
    }
  }
}
