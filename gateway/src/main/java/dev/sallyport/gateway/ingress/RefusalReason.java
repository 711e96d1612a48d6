package dev.sallyport.gateway.ingress;

/** Why ingress refused a request; the code is what the ledger and the metrics carry. */
public enum RefusalReason {
  /** The client's address is not in the route group's allowlist. */
  SOURCE_NOT_ALLOWED("source_not_allowed"),
  /** A trusted proxy sent an {@code X-Forwarded-For} that does not parse: nobody is believed. */
  FORWARDED_FOR_MALFORMED("forwarded_for_malformed"),
  /** The path belongs to no route group. */
  UNKNOWN_ROUTE("unknown_route"),
  /** The connection has no IP peer address to check. */
  PEER_NOT_IP("peer_not_ip");

  private final String code;

  RefusalReason(String code) {
    this.code = code;
  }

  public String code() {
    return code;
  }
}
