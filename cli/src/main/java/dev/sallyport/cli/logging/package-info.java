/**
 * Operator logs: every line passes the PII and secret detectors before it is written ({@link
 * dev.sallyport.cli.logging.RedactingLayout}, configured in {@code logback.xml}).
 */
package dev.sallyport.cli.logging;
