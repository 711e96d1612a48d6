package dev.sallyport.ledger.note;

import static java.util.Objects.requireNonNull;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs notes with one Ed25519 key under one key name, with Bouncy Castle's lightweight signer (the
 * JDK's Ed25519 provider is several times slower here). Thread-safe.
 *
 * <p>The private key never leaves this object: there is no accessor for it.
 */
public final class Ed25519NoteSigner {
  private final String name;
  private final Ed25519PrivateKeyParameters privateKey;
  private final VerifierKey verifierKey;

  private Ed25519NoteSigner(String name, Ed25519PrivateKeyParameters privateKey) {
    this.name = name;
    this.privateKey = privateKey;
    this.verifierKey = VerifierKey.ed25519(name, privateKey.generatePublicKey().getEncoded());
  }

  /**
   * The signer for the RFC 8032 private key {@code seed} (32 bytes).
   *
   * @throws IllegalArgumentException if the name breaks the C2SP rules or the seed is not 32 bytes
   */
  public static Ed25519NoteSigner fromSeed(String name, byte[] seed) {
    requireNonNull(name, "name is null");
    requireNonNull(seed, "seed is null");
    if (!KeyNames.isValid(name)) {
      throw new IllegalArgumentException("key name must be non-empty with no spaces or '+'");
    }
    if (seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException("an Ed25519 seed is 32 bytes");
    }
    return new Ed25519NoteSigner(name, new Ed25519PrivateKeyParameters(seed, 0));
  }

  /** A signer with a fresh key from {@code random}. */
  public static Ed25519NoteSigner generate(String name, SecureRandom random) {
    byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
    random.nextBytes(seed);
    return fromSeed(name, seed);
  }

  public String name() {
    return name;
  }

  /** The public half, to publish and to pin in verifiers. */
  public VerifierKey verifierKey() {
    return verifierKey;
  }

  /**
   * Signs {@code text}, which MUST be a valid note text: it ends with a newline and holds no
   * control character but newline.
   */
  public SignedNote sign(String text) {
    return SignedNote.of(text, List.of(signature(text)));
  }

  /** A signature line over {@code text}, for adding to a note others also sign. */
  public NoteSignature signature(String text) {
    SignedNote.checkText(text);
    byte[] message = text.getBytes(StandardCharsets.UTF_8);
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return new NoteSignature(name, verifierKey.keyId(), signer.generateSignature());
  }

  @Override
  public String toString() {
    return "Ed25519NoteSigner[" + verifierKey.encoded() + "]";
  }
}
