/**
 * Ingress: the first stage of the path. Before a token is read or a body accepted, the client's
 * address (the TCP peer, or what a trusted proxy reports in {@code X-Forwarded-For}) must be in the
 * allowlist of the route group the path belongs to; anything else is refused, counted, and recorded
 * in the ledger at a bounded rate. Nothing here depends on Jetty: {@code http.IngressHandler} is
 * the hook that feeds it.
 */
package dev.sallyport.gateway.ingress;
