package dev.sallyport.gateway.http;

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
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Strict JSON for request bodies: bounded size, depth and lengths; duplicate keys, trailing
 * content, integers beyond 64 bits and non-finite numbers are refused rather than guessed at.
 */
public final class JsonBodies {
  /** The largest request body the API reads. */
  public static final int MAX_BODY_BYTES = 1 << 20;

  private final ObjectMapper mapper;

  public JsonBodies() {
    JsonFactory factory =
        JsonFactory.builder()
            .streamReadConstraints(
                StreamReadConstraints.builder()
                    .maxNestingDepth(32)
                    .maxStringLength(MAX_BODY_BYTES)
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

  /** The mapper for writing responses. */
  public ObjectMapper mapper() {
    return mapper;
  }

  /** Parses a body that must be one JSON object. */
  public Map<String, Object> object(byte[] body) throws MalformedRequestException {
    if (body.length == 0) {
      throw new MalformedRequestException("the body is empty; expected a JSON object");
    }
    if (body.length > MAX_BODY_BYTES) {
      throw new MalformedRequestException("the body is larger than 1 MiB");
    }
    JsonNode root;
    try {
      root = mapper.readTree(body);
    } catch (JsonProcessingException e) {
      throw new MalformedRequestException("the body is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new MalformedRequestException("the body could not be read");
    }
    if (root == null || !root.isObject()) {
      throw new MalformedRequestException("expected a JSON object");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> object = (Map<String, Object>) value(root, "$");
    return object;
  }

  private static Object value(JsonNode node, String path) throws MalformedRequestException {
    switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
          Map.Entry<String, JsonNode> field = fields.next();
          map.put(field.getKey(), value(field.getValue(), path + "." + field.getKey()));
        }
        return map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>(node.size());
        for (int i = 0; i < node.size(); i++) {
          list.add(value(node.get(i), path + "[" + i + "]"));
        }
        return list;
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
            throw new MalformedRequestException(path + ": integer beyond 64 bits");
          }
          return node.longValue();
        }
        double d = node.doubleValue();
        if (!Double.isFinite(d)) {
          throw new MalformedRequestException(path + ": number out of range");
        }
        return d;
      }
      default -> throw new MalformedRequestException(path + ": unsupported JSON value");
    }
  }
}
