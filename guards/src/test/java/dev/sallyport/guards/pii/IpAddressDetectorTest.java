package dev.sallyport.guards.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressDetectorTest {
  private final IpAddressDetector detector = new IpAddressDetector();

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "microsoft.com 192.168.0.1 | 192.168.0.1",
        "IP: 192.168.1.1. | 192.168.1.1",
        "192.168.2.1@eth0 | 192.168.2.1",
        "Broadcast 255.255.255.255 | 255.255.255.255",
        "my ip: ::1 | ::1",
        "2001:db8::8a2e:370:7334 | 2001:db8::8a2e:370:7334",
        "fe80::1%eth0 | fe80::1%eth0",
        "Visit http://[2001:db8::1]/path | 2001:db8::1",
        "::ffff:192.0.2.1 | ::ffff:192.0.2.1",
        "2345:0425:2CA1:0000:0000:0567:5673:23b5 | 2345:0425:2CA1:0000:0000:0567:5673:23b5",
        "Server IP: 2400:c401::5054:ff:fe1b:b031. | 2400:c401::5054:ff:fe1b:b031",
        "foo2001:db8::10.0.0.1 | 10.0.0.1",
      })
  void findsAddresses(String text, String address) {
    assertThat(Scanning.matches(detector, text)).containsExactly(address);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "my ip: 192.168.0", "Version 1.2.3", "Port 80:443", ":::", "IP192.168.1.1text",
        "text192.168.1.1", "192.168.1.256", "fe80::1text", "12345:db8::1", "2001::db8::1",
        "::ffff:256.0.0.1", "1.2.3.4.5", "10:30:00", "00:1A:2B:3C:4D:5E", "std::vector"
      })
  void refusesWhatIsNotAnAddress(String text) {
    assertThat(Scanning.matches(detector, text)).isEmpty();
  }
}
