package dev.sallyport.secrets;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every lease event, as the ledger would; can be told to fail like a full disk. */
final class RecordingLeaseAudit implements LeaseAudit {
  private final List<LeaseEvent> events = new CopyOnWriteArrayList<>();
  private volatile Predicate<LeaseEvent> failing = event -> false;
  private volatile String failureMessage = "the ledger is full";

  @Override
  public void record(LeaseEvent event) {
    if (failing.test(event)) {
      throw new IllegalStateException(failureMessage);
    }
    events.add(event);
  }

  void failOn(Predicate<LeaseEvent> predicate, String message) {
    this.failing = predicate;
    this.failureMessage = message;
  }

  List<LeaseEvent> events() {
    return List.copyOf(events);
  }

  List<String> types() {
    return events.stream().map(LeaseEvent::type).toList();
  }

  <T extends LeaseEvent> List<T> of(Class<T> type) {
    return events.stream().filter(type::isInstance).map(type::cast).toList();
  }
}
