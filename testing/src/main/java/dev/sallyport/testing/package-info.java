/**
 * The test kit: hand-written fakes and fixtures that the modules' tests share. A {@link
 * dev.sallyport.testing.TestingClock} that tests advance instead of sleeping, a {@link
 * dev.sallyport.testing.TestingIssuer} that mints good and deliberately bad tokens, and {@link
 * dev.sallyport.testing.ExampleDeployments} that copies an example deployment into a temporary
 * folder.
 */
package dev.sallyport.testing;
