/**
 * The {@code sallyport} command: {@code serve}, {@code demo}, {@code policy test}, {@code keys}.
 * Thin by design: each subcommand loads configuration, wires the graph through {@link
 * dev.sallyport.gateway.GatewayServer} and reports.
 */
package dev.sallyport.cli;
