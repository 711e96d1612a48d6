package dev.sallyport.gateway.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sallyport.mcp.MalformedJsonException;
import dev.sallyport.mcp.StrictJson;
import java.util.Map;

/**
 * Strict JSON for request bodies ({@link StrictJson}, shared with {@code /mcp}): bounded size,
 * depth and lengths; duplicate keys, trailing content, integers beyond 64 bits and non-finite
 * numbers are refused rather than guessed at.
 */
public final class JsonBodies {
  /** The largest request body the API reads. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private final StrictJson json = new StrictJson(MAX_BODY_BYTES);

  /** The mapper for writing responses. */
  public ObjectMapper mapper() {
    return json.mapper();
  }

  /** Parses a body that must be one JSON object. */
  public Map<String, Object> object(byte[] body) throws MalformedRequestException {
    try {
      return json.object(body);
    } catch (MalformedJsonException e) {
      throw new MalformedRequestException(e.getMessage());
    }
  }
}
