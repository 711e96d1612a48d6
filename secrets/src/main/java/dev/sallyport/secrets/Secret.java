package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * A credential value: the one object in Sallyport that holds one. It never prints its value ({@link
 * #toString()} is {@code Secret[redacted]}), it is not a record (a record would print its
 * components), not {@code Serializable}, and its value is reachable only through {@link
 * #revealChars()} and {@link #revealUtf8()}: every call of those is a place for a reviewer to read.
 *
 * <p>{@link #close()} overwrites the characters with zeros. That is a best effort: the JVM may have
 * copied the value elsewhere (a {@code String} made by a caller, an HTTP client's header, a JSON
 * parser's recycled buffer), and nothing in Java can wipe those. What this class guarantees is that
 * it does not make such copies itself and that nothing reads the value after {@code close()}.
 *
 * <p>Equality is identity: two secrets are never compared by {@code equals}, which would invite a
 * timing leak. {@link #sameValueAs} compares in time independent of where the values differ.
 * Thread-safe.
 */
public final class Secret implements AutoCloseable {
  private static final String WIPED = "the secret was wiped";

  private char[] value;

  private Secret(char[] owned) {
    this.value = owned;
  }

  /**
   * A secret holding a copy of {@code chars}; the caller still owns (and should wipe) its array.
   *
   * @throws IllegalArgumentException if {@code chars} is empty: an empty credential is a
   *     misconfiguration, never a value
   */
  public static Secret copyOf(char[] chars) {
    requireNonNull(chars, "chars is null");
    return adopt(chars.clone());
  }

  /** Takes ownership of {@code owned}: no copy is made, and {@link #close()} wipes that array. */
  static Secret adopt(char[] owned) {
    requireNonNull(owned, "owned is null");
    if (owned.length == 0) {
      throw new IllegalArgumentException("a secret is never empty");
    }
    return new Secret(owned);
  }

  /**
   * A fresh copy of the value. The caller owns the array and MUST overwrite it (for example with
   * {@code Arrays.fill(chars, '\0')}) as soon as it has been used.
   *
   * @throws IllegalStateException if the secret was wiped
   */
  public synchronized char[] revealChars() {
    return live().clone();
  }

  /**
   * A fresh copy of the value encoded as UTF-8. The caller owns the array and MUST overwrite it as
   * soon as it has been used.
   *
   * @throws IllegalStateException if the secret was wiped, or holds a lone surrogate (stores refuse
   *     such values, so this only happens with {@link #copyOf} of a broken array)
   */
  public synchronized byte[] revealUtf8() {
    CharsetEncoder encoder =
        StandardCharsets.UTF_8
            .newEncoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer encoded;
    try {
      encoded = encoder.encode(CharBuffer.wrap(live()));
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("the secret is not valid Unicode");
    }
    byte[] bytes = new byte[encoded.remaining()];
    encoded.get(bytes);
    // The encoder's own buffer held the value too.
    encoded.clear();
    while (encoded.hasRemaining()) {
      encoded.put((byte) 0);
    }
    return bytes;
  }

  /**
   * Whether both secrets hold the same value, compared in time that depends only on the lengths.
   *
   * @throws IllegalStateException if either secret was wiped
   */
  public boolean sameValueAs(Secret other) {
    requireNonNull(other, "other is null");
    byte[] mine = revealUtf8();
    byte[] theirs = other.revealUtf8();
    try {
      return MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  /** Whether {@link #close()} has wiped the value. */
  public synchronized boolean isWiped() {
    return value == null;
  }

  /** Overwrites the value with zeros; later reveals throw. Idempotent. */
  @Override
  public synchronized void close() {
    if (value != null) {
      Arrays.fill(value, '\0');
      value = null;
    }
  }

  @Override
  public String toString() {
    return "Secret[redacted]";
  }

  private char[] live() {
    if (value == null) {
      throw new IllegalStateException(WIPED);
    }
    return value;
  }
}
