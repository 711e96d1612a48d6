package dev.sallyport.mcp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import dev.sallyport.model.JsonNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON for outside input: bounded size, depth and lengths; duplicate keys, trailing content,
 * integers beyond 64 bits and non-finite numbers are refused rather than guessed at. Values come
 * back as immutable {@code Map}, {@code List}, {@code String}, {@code Long}, {@code Double}, {@code
 * Boolean} and {@link JsonNull}, the shape tool arguments have everywhere in Sallyport.
 */
public final class StrictJson {
  private final int maxBytes;
  private final ObjectMapper mapper;

  /**
   * @param maxBytes the largest document read; longer input is refused before parsing
   */
  public StrictJson(int maxBytes) {
    this(maxBytes, 32);
  }

  /**
   * @param maxBytes the largest document read; longer input is refused before parsing
   * @param maxDepth the deepest nesting of arrays and objects read
   */
  public StrictJson(int maxBytes, int maxDepth) {
    this.maxBytes = maxBytes;
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(maxDepth)
                    .maxStringLength(maxBytes)
                    .maxNumberLength(64)
                    .build())
            .build();
    this.mapper =
        new ObjectMapper(factory)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .registerModule(
                new SimpleModule()
                    .addSerializer(
                        JsonNull.class,
                        new StdSerializer<>(JsonNull.class) {
                          private static final long serialVersionUID = 1L;

                          @Override
                          public void serialize(
                              JsonNull value, JsonGenerator generator, SerializerProvider provider)
                              throws IOException {
                            generator.writeNull();
                          }
                        }));
  }

  /** The largest document this reader accepts. */
  public int maxBytes() {
    return maxBytes;
  }

  /** The mapper for writing values this reader returns (it writes {@link JsonNull} as null). */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Writes a value this reader could have returned. */
  public byte[] write(Object value) {
    try {
      return mapper.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses one JSON document of any type. */
  public Object read(byte[] bytes) throws MalformedJsonException {
    return read(bytes, "a JSON value");
  }

  private Object read(byte[] bytes, String expected) throws MalformedJsonException {
    if (bytes.length == 0) {
      throw new MalformedJsonException("the body is empty");
    }
    if (bytes.length > maxBytes) {
      throw new MalformedJsonException("the body is larger than " + size(maxBytes));
    }
    JsonNode root;
    try {
      root = mapper.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw new MalformedJsonException("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedJsonException("the body could not be read");
    }
    if (root == null || root.isMissingNode()) {
      throw new MalformedJsonException("expected " + expected);
    }
    return value(root, "$");
  }

  /** Parses a document that must be one JSON object. */
  public Map<String, Object> object(byte[] bytes) throws MalformedJsonException {
    if (bytes.length == 0) {
      throw new MalformedJsonException("the body is empty; expected a JSON object");
    }
    if (!(read(bytes, "a JSON object") instanceof Map<?, ?> map)) {
      throw new MalformedJsonException("expected a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) map;
    return object;
  }

  private static String size(int bytes) {
    return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : bytes + " bytes";
  }

  private static Object value(JsonNode node, String path) throws MalformedJsonException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          map.put(field.getKey(), value(field.getValue(), path + "." + field.getKey()));
        }
        return Collections.unmodifiableMap(map);
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          list.add(value(node.get(i), path + "[" + i + "]"));
        }
        return Collections.unmodifiableList(list);
      }
      case STRING -> {
        return node.textValue();
      }
      case BOOLEAN -> {
        return node.booleanValue();
      }
      case NULL -> {
        return JsonNull.INSTANCE;
      }
      case NUMBER -> {
        if (node.isIntegralNumber()) {
          if (!node.canConvertToLong()) {
            throw new MalformedJsonException(path + ": integer beyond 64 bits");
          }
          return node.longValue();
        }
        double d = node.doubleValue();
        if (!Double.isFinite(d)) {
          throw new MalformedJsonException(path + ": number out of range");
        }
        return d;
      }
      default -> throw new MalformedJsonException(path + ": unsupported JSON value");
    }
  }
}
