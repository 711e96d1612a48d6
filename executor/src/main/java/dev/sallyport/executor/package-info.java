/**
 * The executor, the "doer": verifies a grant against exactly the request it is about to send, then
 * dispatches it through the tool's connector, recording {@code action.dispatching} before and
 * {@code action.result} after. See {@code docs/executor.md}.
 */
package dev.sallyport.executor;
