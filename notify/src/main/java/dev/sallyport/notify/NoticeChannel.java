package dev.sallyport.notify;

/** One way of reaching approvers. Each attempt either returns or throws. */
public sealed interface NoticeChannel
    permits SlackWebhookChannel, EmailChannel, SignedWebhookChannel {
  /** A short name for logs, metrics and ledger events: {@code slack}, {@code email}, ... */
  String name();

  /** Makes one attempt to deliver {@code notice}. */
  void send(ApprovalNotice notice) throws DeliveryException;
}
