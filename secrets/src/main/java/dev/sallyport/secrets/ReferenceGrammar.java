package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.secrets.InvalidSecretReferenceException.Problem;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The grammar of {@link SecretReference}. Every check reports a {@link Problem} and a position,
 * never the text, so that a credential pasted in place of a reference is not echoed into an error
 * or a log. Positions are offsets into the whole reference so an operator can find the character.
 */
final class ReferenceGrammar {
  private static final int MAX_NAME = 128;

  private ReferenceGrammar() {}

  static SecretReference parse(String text) {
    requireNonNull(text, "text is null");
    if (text.isEmpty()) {
      throw new InvalidSecretReferenceException(Problem.EMPTY);
    }
    if (text.length() > SecretReference.MAX_LENGTH) {
      throw new InvalidSecretReferenceException(Problem.TOO_LONG);
    }
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!isPathCharacter(c) && c != '/' && c != ':' && c != '#') {
        throw new InvalidSecretReferenceException(Problem.CHARACTER, i);
      }
    }
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new InvalidSecretReferenceException(Problem.NO_SCHEME);
    }
    int secondColon = text.indexOf(':', colon + 1);
    if (secondColon >= 0) {
      throw new InvalidSecretReferenceException(Problem.CHARACTER, secondColon);
    }
    SecretReference.Scheme scheme = scheme(text.substring(0, colon));
    String body = text.substring(colon + 1);
    int offset = colon + 1;
    int hash = body.indexOf('#');
    if (hash >= 0 && body.indexOf('#', hash + 1) >= 0) {
      throw new InvalidSecretReferenceException(
          Problem.CHARACTER, offset + body.indexOf('#', hash + 1));
    }
    return switch (scheme) {
      case FILE -> {
        if (hash >= 0) {
          throw new InvalidSecretReferenceException(Problem.FILE_FIELD, offset + hash);
        }
        checkFilePath(body, offset);
        yield new SecretReference.InFile(Path.of(body));
      }
      case ENV -> {
        checkEnvironmentName(body, offset);
        yield new SecretReference.InEnvironment(body);
      }
      case VAULT -> {
        if (hash < 0) {
          throw new InvalidSecretReferenceException(Problem.VAULT_KV_FIELD);
        }
        String path = body.substring(0, hash);
        String field = body.substring(hash + 1);
        checkVaultKvPath(path, offset);
        checkField(field, offset + hash + 1);
        yield new SecretReference.VaultKv(path, field);
      }
      case VAULT_DYNAMIC -> {
        String path = hash < 0 ? body : body.substring(0, hash);
        checkVaultDynamicPath(path, offset);
        Optional<String> field = Optional.empty();
        if (hash >= 0) {
          String name = body.substring(hash + 1);
          checkField(name, offset + hash + 1);
          field = Optional.of(name);
        }
        yield new SecretReference.VaultDynamic(path, field);
      }
    };
  }

  static void checkFilePath(String path, int offset) {
    if (!path.startsWith("/")) {
      throw new InvalidSecretReferenceException(Problem.FILE_NOT_ABSOLUTE, offset);
    }
    segments(path, 1, offset);
  }

  static void checkVaultKvPath(String path, int offset) {
    String[] segments = relativeSegments(path, offset);
    // MOUNT/data/PATH: the data segment is neither the mount nor the secret's own name.
    for (int i = 1; i < segments.length - 1; i++) {
      if (segments[i].equals("data")) {
        return;
      }
    }
    throw new InvalidSecretReferenceException(Problem.VAULT_KV_NOT_V2);
  }

  static void checkVaultDynamicPath(String path, int offset) {
    if (relativeSegments(path, offset).length < 2) {
      throw new InvalidSecretReferenceException(Problem.VAULT_DYNAMIC_SHORT);
    }
  }

  static void checkField(String field, int offset) {
    if (field.isEmpty() || field.length() > MAX_NAME) {
      throw new InvalidSecretReferenceException(Problem.FIELD, offset);
    }
    for (int i = 0; i < field.length(); i++) {
      if (!isPathCharacter(field.charAt(i))) {
        throw new InvalidSecretReferenceException(Problem.FIELD, offset + i);
      }
    }
  }

  static void checkEnvironmentName(String name, int offset) {
    if (name.isEmpty() || name.length() > MAX_NAME) {
      throw new InvalidSecretReferenceException(Problem.ENV_NAME, offset);
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
      boolean digit = c >= '0' && c <= '9';
      if (!(letter || (digit && i > 0))) {
        throw new InvalidSecretReferenceException(Problem.ENV_NAME, offset + i);
      }
    }
  }

  /** Letters, digits, '.', '_' and '-': what a path segment or a field name is made of. */
  static boolean isPathCharacter(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '.'
        || c == '_'
        || c == '-';
  }

  private static String[] relativeSegments(String path, int offset) {
    if (path.startsWith("/")) {
      throw new InvalidSecretReferenceException(Problem.VAULT_ABSOLUTE, offset);
    }
    return segments(path, 0, offset);
  }

  /** Splits {@code path} from {@code start} on '/', checking every segment. */
  private static String[] segments(String path, int start, int offset) {
    if (path.length() > SecretReference.MAX_LENGTH) {
      throw new InvalidSecretReferenceException(Problem.TOO_LONG);
    }
    String[] segments = path.substring(start).split("/", -1);
    int position = offset + start;
    for (String segment : segments) {
      if (segment.isEmpty()) {
        throw new InvalidSecretReferenceException(Problem.EMPTY_SEGMENT, position);
      }
      if (segment.equals(".") || segment.equals("..")) {
        throw new InvalidSecretReferenceException(Problem.DOT_SEGMENT, position);
      }
      for (int i = 0; i < segment.length(); i++) {
        if (!isPathCharacter(segment.charAt(i))) {
          throw new InvalidSecretReferenceException(Problem.CHARACTER, position + i);
        }
      }
      position += segment.length() + 1;
    }
    return segments;
  }

  private static SecretReference.Scheme scheme(String prefix) {
    for (SecretReference.Scheme scheme : SecretReference.Scheme.values()) {
      if (scheme.prefix().equals(prefix)) {
        return scheme;
      }
    }
    throw new InvalidSecretReferenceException(Problem.UNKNOWN_SCHEME);
  }
}
