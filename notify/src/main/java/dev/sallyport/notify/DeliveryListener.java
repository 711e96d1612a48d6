package dev.sallyport.notify;

/**
 * Hears how each delivery went, so that failures are recorded (ledger, metrics, operator log) and
 * visible. Called from delivery threads; implementations must be thread-safe and must not throw.
 */
public interface DeliveryListener {
  /** {@code channel} delivered {@code notice} on attempt {@code attempt} (1-based). */
  void delivered(String channel, ApprovalNotice notice, int attempt);

  /**
   * Attempt {@code attempt} failed with {@code problem}; {@code final} when no retry follows, so
   * the approver was not reached through this channel.
   */
  void failed(String channel, ApprovalNotice notice, int attempt, String problem, boolean last);
}
