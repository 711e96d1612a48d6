/**
 * The gateway's side of approvals: {@link dev.sallyport.gateway.approval.ApprovalGate} holds a call
 * that policy stopped for people, and settles it exactly once when the approval ends — the approved
 * call dispatched with a fresh grant, or the denial recorded — also after a restart.
 */
package dev.sallyport.gateway.approval;
