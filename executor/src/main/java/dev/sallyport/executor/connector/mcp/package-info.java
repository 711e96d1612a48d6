/**
 * Upstream MCP servers as connectors: {@link dev.sallyport.executor.connector.mcp.McpUpstream} is
 * one client session (a child process over stdio, or Streamable HTTP), opened on first use and
 * again after the upstream exits; {@link dev.sallyport.executor.connector.mcp.McpConnector} turns a
 * granted call into one {@code tools/call} on it, and refuses a tool whose upstream definition no
 * longer matches the operator's pin.
 */
package dev.sallyport.executor.connector.mcp;
