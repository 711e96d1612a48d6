/**
 * The prompt-injection screen. {@link dev.sallyport.guards.screen.InjectionScreen#screen} folds the
 * text (invisible chars dropped and counted, look-alikes and accents folded, lower case), runs the
 * phrase rules of {@link dev.sallyport.guards.screen.RuleCatalogue} over its words (as written and
 * rot13-encoded), reads prompt structure, hiding markup and exfiltrating links line by line, and
 * decodes base64, hex, percent-encoded and Unicode-tag payloads to screen them again, within
 * bounded depth and size. The {@link dev.sallyport.guards.screen.ScreenResult} carries a score,
 * named {@link dev.sallyport.guards.screen.InjectionFlag}s, a verdict by configurable {@link
 * dev.sallyport.guards.screen.ScreenThresholds} and the evidence.
 *
 * <p>{@link dev.sallyport.guards.screen.ContentActions} turns a result into the sealed {@link
 * dev.sallyport.guards.screen.ScreenAction}: annotated, datamarked (per-session delimiters passed
 * in by the caller) or quarantined. {@link dev.sallyport.guards.screen.ScreenResult#suspected()} is
 * what the gateway turns into the session flag {@code prompt_injection_suspected}.
 *
 * <p>The screen is a detector, not the defence: attacks phrased as ordinary requests pass it. The
 * session taint invariant of the policy stage holds whatever the screen says.
 */
package dev.sallyport.guards.screen;
