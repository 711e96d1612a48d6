/**
 * PII detection and the redact / block / warn guard.
 *
 * <p>Each {@link dev.sallyport.guards.pii.Detector} is a hand-written linear scanner (or RE2/J for
 * operator patterns) that validates what it finds: Luhn and issuer ranges for cards, ISO 7064
 * mod-97 and country lengths for IBANs, SSA allocation rules for SSNs, HMRC prefixes for NINOs, RFC
 * 4291 forms for IPv6. {@link dev.sallyport.guards.pii.PiiScanner} runs them, drops findings below
 * a confidence, and resolves overlaps. {@link dev.sallyport.guards.pii.PiiGuard} applies a {@link
 * dev.sallyport.guards.pii.PiiPolicy} per destination and returns the sealed {@link
 * dev.sallyport.guards.pii.PiiOutcome}; redaction uses a {@link
 * dev.sallyport.guards.pii.RedactionSession} so that the same value gets the same placeholder
 * ({@code [EMAIL_1]}) throughout a session. Findings never carry the values they point at.
 */
package dev.sallyport.guards.pii;
