package dev.sallyport.gateway.ingress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.config.Cidr;
import dev.sallyport.config.IpAddress;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Who the client is: the peer, unless the peer is a trusted proxy; then {@code X-Forwarded-For},
 * right to left, past the trusted proxies. Header fields are separated by {@code ;} in the table,
 * {@code -} is no header at all.
 */
class ForwardedForTest {
  private final ForwardedFor forwardedFor =
      new ForwardedFor(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("2001:db8:ff::/48")));

  private static List<String> fields(String table) {
    return table.equals("-") ? List.of() : Arrays.asList(table.split(";", -1));
  }

  @ParameterizedTest(name = "peer {0} with [{1}] is {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        // An untrusted peer is the client, whatever it says.
        "203.0.113.5    | -                                 | 203.0.113.5",
        "203.0.113.5    | 198.51.100.1                      | 203.0.113.5",
        "203.0.113.5    | not an address                    | 203.0.113.5",
        "203.0.113.5    | 10.0.0.2                          | 203.0.113.5",
        // A trusted peer: the first untrusted address from the right.
        "10.0.0.1       | -                                 | 10.0.0.1",
        "10.0.0.1       | 198.51.100.1                      | 198.51.100.1",
        "10.0.0.1       | 1.1.1.1, 198.51.100.1             | 198.51.100.1",
        "10.0.0.1       | 198.51.100.1, 10.0.0.2            | 198.51.100.1",
        "10.0.0.1       | 198.51.100.1,10.0.0.2,10.9.9.9    | 198.51.100.1",
        "10.0.0.1       | garbage, 198.51.100.1             | 198.51.100.1",
        "10.0.0.1       | 198.51.100.1;10.0.0.2             | 198.51.100.1",
        "10.0.0.1       | garbage;198.51.100.9              | 198.51.100.9",
        "10.0.0.1       | 10.0.0.3, 10.0.0.2                | 10.0.0.3",
        "10.0.0.1       | ::ffff:198.51.100.1               | 198.51.100.1",
        "10.0.0.1       | 198.51.100.1, ::ffff:10.0.0.2     | 198.51.100.1",
        "10.0.0.1       | 2001:DB8::7                       | 2001:db8::7",
        "2001:db8:ff::1 | 2001:db8::7, 2001:db8:ff:1::2      | 2001:db8::7",
        "::ffff:10.0.0.1 | 198.51.100.1                     | 198.51.100.1",
      })
  void findsTheClient(String peer, String header, String client) throws Exception {
    assertThat(forwardedFor.client(IpAddress.parse(peer), fields(header)))
        .isEqualTo(IpAddress.parse(client));
  }

  @Test
  void optionalWhitespaceAroundAnEntryIsAllowed() throws Exception {
    assertThat(
            forwardedFor.client(
                IpAddress.parse("10.0.0.1"), List.of(" 198.51.100.1 \t", "\t10.0.0.2 ")))
        .isEqualTo(IpAddress.parse("198.51.100.1"));
  }

  @ParameterizedTest(name = "[{0}] from a trusted proxy is malformed")
  @CsvSource(
      delimiter = '|',
      value = {
        "198.51.100.1, garbage",
        "198.51.100.1:443",
        "[2001:db8::1]",
        "[2001:db8::1]:443",
        "unknown",
        "198.51.100.1,",
        "198.51.100.1, , 10.0.0.2",
        "fe80::1%eth0",
        "example.com",
        "010.0.0.1",
        "198.51.100.1;",
      })
  void aTrustedProxyThatCannotSayWhoTheClientIsIsNotBelieved(String header) {
    assertThatThrownBy(() -> forwardedFor.client(IpAddress.parse("10.0.0.1"), fields(header)))
        .isInstanceOf(ForwardedFor.MalformedException.class);
  }

  @Test
  void anEmptyFieldFromATrustedProxyIsMalformed() {
    assertThatThrownBy(() -> forwardedFor.client(IpAddress.parse("10.0.0.1"), List.of("")))
        .isInstanceOf(ForwardedFor.MalformedException.class);
  }

  @Test
  void withoutTrustedProxiesTheHeaderIsNeverRead() throws Exception {
    ForwardedFor none = new ForwardedFor(List.of());

    assertThat(none.client(IpAddress.parse("10.0.0.1"), List.of("198.51.100.1", "garbage")))
        .isEqualTo(IpAddress.parse("10.0.0.1"));
  }
}
