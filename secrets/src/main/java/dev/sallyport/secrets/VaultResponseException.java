package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A Vault answer that is not what the API documents. The message is one constant text per {@link
 * Problem}: never the body, never a parser's message (which quotes the body).
 */
final class VaultResponseException extends Exception {
  private static final long serialVersionUID = 1L;

  enum Problem {
    NOT_JSON("the answer is not JSON of the documented shape"),
    NO_DATA("the secret has no data (a deleted or destroyed version)"),
    NO_FIELD("the secret has no such field"),
    FIELD_NOT_STRING("the field is not a string"),
    EMPTY_VALUE("the value is empty"),
    BAD_TEXT("the value is not valid Unicode"),
    NO_LEASE("the answer has no lease_id, so the credential could not be revoked"),
    BAD_LEASE_ID("the lease_id has characters outside [A-Za-z0-9._/+:=-] or is too long"),
    BAD_DURATION("the lease_duration is missing, negative or too large"),
    NO_VALUES("the data has no string values");

    private final String description;

    Problem(String description) {
      this.description = description;
    }

    String description() {
      return description;
    }
  }

  private final Problem problem;
  private final transient Optional<String> leaseId;

  VaultResponseException(Problem problem, Optional<String> leaseId) {
    super(problem.description(), null, false, false);
    this.problem = requireNonNull(problem, "problem is null");
    this.leaseId = requireNonNull(leaseId, "leaseId is null");
  }

  VaultResponseException(Problem problem) {
    this(problem, Optional.empty());
  }

  Problem problem() {
    return problem;
  }

  /** A lease that Vault issued before the answer turned out unusable: revoke it. */
  Optional<String> leaseId() {
    return leaseId;
  }
}
