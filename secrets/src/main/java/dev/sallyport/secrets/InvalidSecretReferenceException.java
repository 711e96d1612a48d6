package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import java.util.OptionalInt;

/**
 * A secret reference that does not parse. The message says what is wrong and where (a character
 * position), built only from {@link Problem} and that number: it never echoes the text, which might
 * be a credential pasted where its reference belongs.
 */
public final class InvalidSecretReferenceException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** What is wrong, one constant text per case. */
  public enum Problem {
    EMPTY("the secret reference is empty"),
    TOO_LONG("the secret reference is longer than " + SecretReference.MAX_LENGTH + " characters"),
    CHARACTER(
        "character not allowed in a secret reference (allowed: letters, digits, '.', '_', '-', '/',"
            + " one ':' after the scheme and one '#' before a field)"),
    NO_SCHEME("the secret reference has no scheme; expected file:, env:, vault: or vault-dynamic:"),
    UNKNOWN_SCHEME("unknown scheme; expected file:, env:, vault: or vault-dynamic:"),
    FILE_NOT_ABSOLUTE("a file: reference needs an absolute path"),
    FILE_FIELD("a file: reference has no '#field'"),
    EMPTY_SEGMENT("a path has an empty segment ('//' or a trailing '/')"),
    DOT_SEGMENT("a path has a '.' or '..' segment"),
    ENV_NAME(
        "an env: reference needs a variable name of letters, digits and '_' that does not start"
            + " with a digit, at most 128 characters"),
    VAULT_ABSOLUTE("a vault path is relative to /v1/ and has no leading '/'"),
    VAULT_KV_FIELD("a vault: reference needs '#field' after the KV version 2 path"),
    VAULT_KV_NOT_V2("a vault: path must be a KV version 2 data path: MOUNT/data/PATH"),
    VAULT_DYNAMIC_SHORT("a vault-dynamic: path needs at least two segments: MOUNT/PATH"),
    FIELD("a field name is 1-128 letters, digits, '.', '_' or '-'");

    private final String description;

    Problem(String description) {
      this.description = description;
    }

    public String description() {
      return description;
    }
  }

  private final Problem problem;
  private final int position;

  InvalidSecretReferenceException(Problem problem, int position) {
    super(message(problem, position));
    this.problem = requireNonNull(problem, "problem is null");
    this.position = position;
  }

  InvalidSecretReferenceException(Problem problem) {
    this(problem, -1);
  }

  public Problem problem() {
    return problem;
  }

  /** The zero-based index of the offending character, when one character is at fault. */
  public OptionalInt position() {
    return position < 0 ? OptionalInt.empty() : OptionalInt.of(position);
  }

  private static String message(Problem problem, int position) {
    return position < 0
        ? problem.description()
        : problem.description() + " (character " + (position + 1) + ")";
  }
}
