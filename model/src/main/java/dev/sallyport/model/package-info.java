/**
 * The vocabulary of Sallyport: immutable records and sealed outcomes shared by every stage of the
 * path (ingress, identity, guards, policy, approval, grant, executor, ledger).
 *
 * <p>Objects here are valid or do not exist: compact constructors reject blank names and copy
 * collections. Nothing in this package performs I/O.
 */
package dev.sallyport.model;
