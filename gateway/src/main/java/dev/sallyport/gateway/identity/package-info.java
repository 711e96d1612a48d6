/**
 * Identity: who is calling, for which tenant. A bearer JWT is validated against the configured
 * issuer's keys; the token decides the tenant and the principal, never a request parameter.
 */
package dev.sallyport.gateway.identity;
