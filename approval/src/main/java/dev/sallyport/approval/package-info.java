/**
 * Human approval gates. A {@link dev.sallyport.approval.ApprovalRequest} binds one exact call
 * (tenant, action, agent, tool, arguments digest, policy version, expiry, nonce); {@link
 * dev.sallyport.approval.ApprovalRules} decides who may approve it and tallies votes into exactly
 * one {@link dev.sallyport.approval.ApprovalStatus}; {@link dev.sallyport.approval.LinkTokens}
 * makes and checks the one-time signed links; {@link dev.sallyport.approval.DecisionSigner} signs
 * the record of the outcome. No I/O: storage is the {@link dev.sallyport.approval.ApprovalStore}
 * port.
 */
package dev.sallyport.approval;
