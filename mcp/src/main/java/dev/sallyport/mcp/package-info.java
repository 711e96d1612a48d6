/**
 * The Model Context Protocol as both sides of Sallyport speak it: the gateway's {@code /mcp}
 * endpoint to agents and the executor's connections to upstream MCP servers. Strict JSON-RPC 2.0
 * messages ({@link dev.sallyport.mcp.JsonRpcCodec}), the protocol revisions spoken ({@link
 * dev.sallyport.mcp.ProtocolVersions}), and upstream tool definitions with the pins that quarantine
 * a definition that changed ({@link dev.sallyport.mcp.ToolDefinition}). No I/O.
 */
package dev.sallyport.mcp;
