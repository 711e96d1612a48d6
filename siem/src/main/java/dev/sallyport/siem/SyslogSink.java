package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/** Sends each record as one RFC 5424 message ({@link SyslogFormat}) over TCP or UDP. */
public final class SyslogSink implements Sink {
  private final SyslogFormat format;
  private final SyslogTransport transport;

  SyslogSink(SyslogFormat format, SyslogTransport transport) {
    this.format = requireNonNull(format, "format is null");
    this.transport = requireNonNull(transport, "transport is null");
  }

  @Override
  public void deliver(List<ExportRecord> records) throws DeliveryException {
    List<byte[]> messages = new ArrayList<>(records.size());
    for (ExportRecord record : records) {
      messages.add(format.message(record, transport.maxMessageBytes()));
    }
    transport.send(messages);
  }

  @Override
  public String destination() {
    return "syslog " + transport.destination();
  }

  @Override
  public void close() {
    transport.close();
  }
}
