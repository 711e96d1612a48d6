/**
 * Content guards: pure, deterministic detectors for what untrusted content and outgoing payloads
 * carry, with no I/O and linear-time matching only.
 *
 * <ul>
 *   <li>{@link dev.sallyport.guards.screen}: the prompt-injection screen for untrusted content
 *       (score, named flags, verdict) and the actions on it: annotate, datamark, quarantine.
 *   <li>{@link dev.sallyport.guards.pii}: PII detectors (e-mail, phone, payment card, IBAN, US SSN,
 *       UK NINO, IP address, operator patterns and word lists) and the redact / block / warn guard
 *       with per-session placeholders.
 *   <li>{@link dev.sallyport.guards.secrets}: API keys, tokens, passwords and private keys.
 *   <li>{@link dev.sallyport.guards.eval}: scoring the guards on labelled JSON Lines files ({@code
 *       sallyport guards eval}).
 * </ul>
 *
 * <p>Every call is bounded by {@link dev.sallyport.guards.GuardLimits}: an input that is too large
 * is refused as a whole (quarantined or blocked), never passed unchecked. See {@code
 * docs/guards.md}.
 */
package dev.sallyport.guards;
