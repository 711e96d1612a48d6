/**
 * The HTTP edge on Jetty: parses requests strictly, authenticates, calls the pipeline, and maps
 * every outcome and error to JSON or an RFC 9457 problem in one place. Errors never carry payloads,
 * tokens or secrets.
 */
package dev.sallyport.gateway.http;
