package dev.sallyport.executor.connector;

import dev.sallyport.grant.Recipient;
import java.util.Map;
import java.util.Optional;

/**
 * One exact request, ready and not yet sent. What the grant is checked against and what is sent are
 * this one object, so the two cannot drift apart.
 */
public interface PreparedRequest {
  /** Who or what the request reaches, normalised: the grant MUST name the same recipient. */
  Recipient recipient();

  /**
   * The request for the ledger: method, destination and the names of the arguments where their
   * values go, never a value or a credential. What a dry run records.
   */
  String redacted();

  /** What the caller is shown for a dry run; built from the caller's own arguments. */
  Map<String, Object> preview();

  /**
   * Sends the request once. MUST NOT throw for failures of the system: they are results.
   *
   * @param credential what the connector authenticates with, if the deployment leases one
   */
  DispatchResult send(Optional<Credential> credential);
}
