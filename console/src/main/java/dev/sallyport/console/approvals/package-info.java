/**
 * The approval pages people use: a one-time link opens an approval for a signed-in approver, who
 * sees exactly what will run and why it stopped, and approves or rejects it. The link only finds
 * the page; sign-in and the approval rules decide who may act, so a forwarded link is worth nothing
 * to someone who may not approve.
 */
package dev.sallyport.console.approvals;
