package dev.sallyport.secrets;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.sallyport.secrets.VaultResponseException.Problem;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the three Vault answers the store uses, strictly: one JSON object, no duplicate keys, no
 * trailing content, bounded depth. Values are copied out of the parser's buffer into a {@link
 * Secret}, never made into a {@code String}. On any failure every value read so far is wiped.
 *
 * <ul>
 *   <li>KV version 2 read ({@code GET /v1/MOUNT/data/PATH}): {@code data.data.FIELD}.
 *   <li>A dynamic secret ({@code GET /v1/PATH}): {@code lease_id}, {@code lease_duration}, {@code
 *       renewable}, and the string values of {@code data}.
 *   <li>A lease renewal ({@code PUT /v1/sys/leases/renew}): {@code lease_duration}.
 * </ul>
 */
final class VaultResponses {
  /** Ten years: longer is not a duration Vault issues, and keeps arithmetic far from overflow. */
  private static final long MAX_LEASE_SECONDS = 10L * 366 * 24 * 3600;

  private static final Pattern LEASE_ID = Pattern.compile("[A-Za-z0-9._/+:=-]{1,512}");

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(32)
                  .maxNumberLength(32)
                  .maxStringLength(1 << 20)
                  .maxNameLength(1024)
                  .build())
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
          .build();

  private VaultResponses() {}

  /** A dynamic secret as issued. The caller owns {@code values}. */
  record Issued(
      String leaseId, Duration leaseDuration, boolean renewable, Map<String, Secret> values) {
    @Override
    public String toString() {
      return "Issued[leaseId=" + leaseId + ", fields=" + values.keySet() + "]";
    }
  }

  /** The value of {@code data.data.FIELD} in a KV version 2 read. */
  static Secret kvField(byte[] body, String field) throws VaultResponseException {
    Secret found = null;
    boolean hasData = false;
    boolean wrongType = false;
    try (JsonParser parser = JSON.createParser(body)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (!name.equals("data")) {
          parser.skipChildren();
          continue;
        }
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        expect(value == JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String inner = parser.currentName();
          JsonToken innerValue = parser.nextToken();
          if (!inner.equals("data") || innerValue == JsonToken.VALUE_NULL) {
            parser.skipChildren();
            continue;
          }
          expect(innerValue == JsonToken.START_OBJECT);
          hasData = true;
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String key = parser.currentName();
            JsonToken item = parser.nextToken();
            if (key.equals(field)) {
              if (item == JsonToken.VALUE_STRING) {
                found = text(parser);
              } else {
                wrongType = true;
              }
            }
            parser.skipChildren();
          }
        }
      }
      expectEnd(parser);
    } catch (IOException | RuntimeException e) {
      close(found);
      throw new VaultResponseException(Problem.NOT_JSON);
    } catch (VaultResponseException e) {
      close(found);
      throw e;
    }
    if (found != null) {
      return found;
    }
    throw new VaultResponseException(
        !hasData ? Problem.NO_DATA : wrongType ? Problem.FIELD_NOT_STRING : Problem.NO_FIELD);
  }

  /**
   * A dynamic secret. With {@code field}, only that value; without, every string value of {@code
   * data} (other values, such as AWS's {@code security_token: null}, are skipped).
   *
   * @throws VaultResponseException carrying the lease id when Vault issued a lease that must now be
   *     revoked
   */
  static Issued dynamic(byte[] body, Optional<String> field) throws VaultResponseException {
    Map<String, Secret> values = new LinkedHashMap<>();
    String leaseId = null;
    long seconds = -1;
    boolean renewable = false;
    boolean hasData = false;
    boolean wrongType = false;
    try {
      try (JsonParser parser = JSON.createParser(body)) {
        expect(parser.nextToken() == JsonToken.START_OBJECT);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String name = parser.currentName();
          JsonToken value = parser.nextToken();
          switch (name) {
            case "lease_id" -> {
              expect(value == JsonToken.VALUE_STRING);
              String text = parser.getText();
              if (!LEASE_ID.matcher(text).matches()) {
                throw new VaultResponseException(Problem.BAD_LEASE_ID);
              }
              leaseId = text;
            }
            case "lease_duration" -> seconds = seconds(parser, value);
            case "renewable" -> {
              expect(value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE);
              renewable = value == JsonToken.VALUE_TRUE;
            }
            case "data" -> {
              if (value == JsonToken.VALUE_NULL) {
                continue;
              }
              expect(value == JsonToken.START_OBJECT);
              hasData = true;
              while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                JsonToken item = parser.nextToken();
                boolean wanted = field.isEmpty() || field.get().equals(key);
                if (wanted && item == JsonToken.VALUE_STRING) {
                  values.put(key, text(parser));
                } else if (wanted && field.isPresent()) {
                  wrongType = true;
                }
                parser.skipChildren();
              }
            }
            default -> parser.skipChildren();
          }
        }
        expectEnd(parser);
      } catch (IOException | RuntimeException e) {
        throw new VaultResponseException(Problem.NOT_JSON);
      }
      if (leaseId == null || leaseId.isEmpty()) {
        throw new VaultResponseException(Problem.NO_LEASE);
      }
      if (seconds < 0) {
        throw new VaultResponseException(Problem.BAD_DURATION);
      }
      if (values.isEmpty()) {
        throw new VaultResponseException(
            !hasData
                ? Problem.NO_DATA
                : wrongType
                    ? Problem.FIELD_NOT_STRING
                    : field.isPresent() ? Problem.NO_FIELD : Problem.NO_VALUES);
      }
      return new Issued(
          leaseId, Duration.ofSeconds(seconds), renewable, Collections.unmodifiableMap(values));
    } catch (VaultResponseException e) {
      values.values().forEach(Secret::close);
      throw new VaultResponseException(e.problem(), Optional.ofNullable(leaseId));
    }
  }

  /** The {@code lease_duration} of a renewal. */
  static Duration renewal(byte[] body) throws VaultResponseException {
    long seconds = -1;
    try (JsonParser parser = JSON.createParser(body)) {
      expect(parser.nextToken() == JsonToken.START_OBJECT);
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("lease_duration")) {
          seconds = seconds(parser, value);
        } else {
          parser.skipChildren();
        }
      }
      expectEnd(parser);
    } catch (IOException | RuntimeException e) {
      throw new VaultResponseException(Problem.NOT_JSON);
    }
    if (seconds < 0) {
      throw new VaultResponseException(Problem.BAD_DURATION);
    }
    return Duration.ofSeconds(seconds);
  }

  private static long seconds(JsonParser parser, JsonToken value)
      throws IOException, VaultResponseException {
    if (value != JsonToken.VALUE_NUMBER_INT
        || parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
      throw new VaultResponseException(Problem.BAD_DURATION);
    }
    long seconds = parser.getLongValue();
    if (seconds < 0 || seconds > MAX_LEASE_SECONDS) {
      throw new VaultResponseException(Problem.BAD_DURATION);
    }
    return seconds;
  }

  /** The current string token as a secret, copied straight from the parser's character buffer. */
  private static Secret text(JsonParser parser) throws IOException, VaultResponseException {
    char[] buffer = parser.getTextCharacters();
    int offset = parser.getTextOffset();
    int length = parser.getTextLength();
    if (length == 0) {
      throw new VaultResponseException(Problem.EMPTY_VALUE);
    }
    char[] value = Arrays.copyOfRange(buffer, offset, offset + length);
    if (!isWellFormed(value)) {
      Arrays.fill(value, '\0');
      throw new VaultResponseException(Problem.BAD_TEXT);
    }
    return Secret.adopt(value);
  }

  /**
   * No lone surrogates: JSON's {@code \\uD800} escapes can produce them, UTF-8 cannot carry them.
   */
  private static boolean isWellFormed(char[] value) {
    for (int i = 0; i < value.length; i++) {
      char c = value[i];
      if (Character.isHighSurrogate(c)) {
        if (i + 1 >= value.length || !Character.isLowSurrogate(value[i + 1])) {
          return false;
        }
        i++;
      } else if (Character.isLowSurrogate(c)) {
        return false;
      }
    }
    return true;
  }

  private static void expect(boolean condition) throws VaultResponseException {
    if (!condition) {
      throw new VaultResponseException(Problem.NOT_JSON);
    }
  }

  /** The root object closed, and nothing follows it. */
  private static void expectEnd(JsonParser parser) throws IOException, VaultResponseException {
    expect(parser.currentToken() == JsonToken.END_OBJECT);
    expect(parser.nextToken() == null);
  }

  private static void close(Secret secret) {
    if (secret != null) {
      secret.close();
    }
  }
}
