/**
 * Dispatch: carrying an allowed call to the real system through its connector. Only the pipeline
 * calls this, and only after the decision and the {@code action.dispatched} event are durable.
 */
package dev.sallyport.gateway.dispatch;
