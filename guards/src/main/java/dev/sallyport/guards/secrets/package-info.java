/**
 * Secret detection: vendor token formats tried only where their prefix starts a token ({@link
 * dev.sallyport.guards.secrets.SecretRules}), PEM private key blocks, credentials in URLs, {@code
 * curl} commands and authorization headers, Azure client secrets, and assignments to secret-named
 * keys whose values are random enough. {@link dev.sallyport.guards.secrets.Randomness} holds the
 * tests that tell real credentials from placeholders, variables and examples.
 */
package dev.sallyport.guards.secrets;
