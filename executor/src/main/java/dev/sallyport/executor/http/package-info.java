/**
 * The executor over HTTP: {@link dev.sallyport.executor.http.ExecutorServer} is the listener of
 * {@code sallyport executor} ({@code POST /v1/execute}, {@code POST /v1/dry-run}, {@code GET
 * /healthz}), reachable only from the addresses of the {@code executor} ingress group; {@link
 * dev.sallyport.executor.http.RemoteExecutor} is the gateway's client for it. Both sides of the
 * wire format live in {@link dev.sallyport.executor.http.ExecutorWire}.
 */
package dev.sallyport.executor.http;
