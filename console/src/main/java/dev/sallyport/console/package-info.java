/**
 * Sign-in for people, the ground the approval pages and the console stand on. {@link
 * dev.sallyport.console.SignInFlow} runs the OpenID Connect authorization code flow with PKCE
 * (S256), {@code state} and {@code nonce}, bound to the browser that started it; {@link
 * dev.sallyport.console.ConsoleSessions} issues a fresh session id at every sign-in (no fixation),
 * with a per-session CSRF token that every state-changing form must carry; {@link
 * dev.sallyport.console.ConsoleHandler} serves sign-in, callback and sign-out over Jetty. Agents
 * never sign in: the claims must map to a human of a known tenant.
 */
package dev.sallyport.console;
