/**
 * Connectors: how a prepared call reaches its system (HTTP, SMTP). A connector first prepares the
 * exact request, which names its recipient for the grant check; the executor sends it only after
 * the grant verified against that recipient. MCP upstreams (another issue) plug in here as one more
 * {@link dev.sallyport.executor.connector.Connector}.
 */
package dev.sallyport.executor.connector;
