/**
 * The gateway: {@link dev.sallyport.gateway.ToolCallPipeline} takes one tool call along the path
 * (identity, policy, dispatch, audit), one package per stage. {@code http} is the edge that speaks
 * HTTP and JSON; {@link dev.sallyport.gateway.GatewayServer} wires everything by hand.
 */
package dev.sallyport.gateway;
