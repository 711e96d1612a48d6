/**
 * The offline export bundle of one tenant's ledger, and its verifier. {@link
 * dev.sallyport.ledger.bundle.BundleWriter} writes the single-file format that {@code
 * docs/ledger.md} specifies byte by byte; {@link dev.sallyport.ledger.bundle.BundleVerifier}
 * recomputes every leaf hash and every checkpoint root in one streaming pass, checks every
 * checkpoint signature, and names the first bad index and what is wrong with it ({@link
 * dev.sallyport.ledger.bundle.TamperKind}).
 *
 * <p>The verifier needs nothing but the bundle and, ideally, the tenant's public key obtained
 * independently of it; it trusts no line of the bundle that a signature does not cover.
 */
package dev.sallyport.ledger.bundle;
