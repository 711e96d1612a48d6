/**
 * Tells approvers that a call waits for them. A {@link dev.sallyport.notify.ApprovalNotice} goes
 * out through each configured {@link dev.sallyport.notify.NoticeChannel} (Slack-compatible incoming
 * webhook, e-mail over SMTP, signed generic webhook); {@link dev.sallyport.notify.NoticeDelivery}
 * retries with backoff and reports every failure to a {@link
 * dev.sallyport.notify.DeliveryListener}, so that no failed notification goes unseen. A notice
 * carries what the approver must see and a link; never credentials, never raw payloads beyond the
 * redacted arguments.
 */
package dev.sallyport.notify;
