package dev.sallyport.approval;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Principal;
import java.time.Instant;
import java.util.Optional;

/**
 * What a signed-in person submits: their verdict, with the identity the IdP vouched for.
 *
 * @param person the principal from the person's token (tenant, subject, kind, groups)
 * @param name a display name or e-mail from the IdP, for the record
 * @param verdict approve or reject
 * @param reason the optional reason they gave
 */
public record Ballot(Principal person, String name, Verdict verdict, Optional<String> reason) {
  public Ballot {
    requireNonNull(person, "person is null");
    requireNonNull(name, "name is null");
    requireNonNull(verdict, "verdict is null");
    requireNonNull(reason, "reason is null");
  }

  /** The vote this ballot becomes when it is recorded at {@code at}. */
  public Vote toVote(Instant at) {
    return new Vote(person.id(), name, person.groups(), verdict, reason, at);
  }
}
