/**
 * Loads one deployment folder: {@code sallyport.yaml}, and per tenant {@code tenant.yaml}, {@code
 * tools.yaml} and {@code policies/*.yaml}. Loading is strict: an unknown key, a value of the wrong
 * type, a CEL condition that does not type-check, a grant naming an unknown tool or a tool without
 * an effect class fails the whole load with a {@link dev.sallyport.config.ConfigException} that
 * names the file, the line and the problem. Nothing is ever quietly corrected.
 */
package dev.sallyport.config;
