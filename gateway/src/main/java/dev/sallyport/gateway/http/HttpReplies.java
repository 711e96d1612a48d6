package dev.sallyport.gateway.http;

import dev.sallyport.model.ErrorCode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/** Writes the API's answers: JSON, text, and RFC 9457 problems. Nothing is ever cached. */
final class HttpReplies {
  private final JsonBodies json;

  HttpReplies(JsonBodies json) {
    this.json = json;
  }

  void problem(
      Response response,
      Callback callback,
      ErrorCode code,
      String detail,
      Map<String, Object> extensions) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", code.type());
    body.put("title", code.title());
    body.put("status", code.httpStatus());
    body.put("detail", detail);
    extensions.forEach(body::putIfAbsent);
    if (refusedBeforeReadingBody(code)) {
      // The request body is left unread: close the connection and say so, so that a client never
      // sends its next request on a connection the server is about to drop.
      response.getHeaders().put(HttpHeader.CONNECTION, "close");
    }
    write(response, callback, code.httpStatus(), "application/problem+json", body);
  }

  private static boolean refusedBeforeReadingBody(ErrorCode code) {
    return switch (code) {
      case UNAUTHENTICATED,
          IDENTITY_UNAVAILABLE,
          NOT_FOUND,
          METHOD_NOT_ALLOWED,
          PAYLOAD_TOO_LARGE,
          UNSUPPORTED_MEDIA_TYPE ->
          true;
      default -> false;
    };
  }

  void json(Response response, Callback callback, int status, Map<String, Object> body) {
    write(response, callback, status, "application/json", body);
  }

  void text(Response response, Callback callback, String type, byte[] body) {
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  private void write(
      Response response, Callback callback, int status, String type, Map<String, Object> body) {
    byte[] bytes;
    try {
      bytes = json.mapper().writeValueAsBytes(body);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      bytes =
          "{\"type\":\"https://sallyport.dev/problems/internal\",\"status\":500}"
              .getBytes(StandardCharsets.UTF_8);
      status = 500;
      type = "application/problem+json";
    }
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    response.write(true, ByteBuffer.wrap(bytes), callback);
  }
}
