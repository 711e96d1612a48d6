/**
 * The MCP endpoint agents use: {@code /mcp} over Streamable HTTP ({@link
 * dev.sallyport.gateway.mcp.McpEndpoint}), its sessions ({@link
 * dev.sallyport.gateway.mcp.McpSessions}), the tools each agent may see ({@link
 * dev.sallyport.gateway.mcp.McpToolCatalog}, which also quarantines upstream tools whose
 * definitions changed), and the methods ({@link dev.sallyport.gateway.mcp.McpMethods}). Every
 * {@code tools/call} runs the same path as {@code POST /v1/actions}.
 */
package dev.sallyport.gateway.mcp;
