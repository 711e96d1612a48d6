package dev.sallyport.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Address literals and blocks are read by hand, strictly, and have one canonical form. */
class CidrTest {
  @ParameterizedTest(name = "{0} reads as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0.0.0.0/0             | 0.0.0.0/0",
        "10.0.0.0/8            | 10.0.0.0/8",
        "192.0.2.1/32          | 192.0.2.1/32",
        "255.255.255.255/32    | 255.255.255.255/32",
        "::/0                  | ::/0",
        "::1/128               | ::1/128",
        "2001:DB8::/32         | 2001:db8::/32",
        "2001:0db8:0000:0000:0000:0000:0000:0000/32 | 2001:db8::/32",
        "fe80::/10             | fe80::/10",
        "1:2:3:4:5:6:7:8/128   | 1:2:3:4:5:6:7:8/128",
        "1::/16                | 1::/16",
        "1:0:0:2::/64          | 1:0:0:2::/64",
        "1:0:0:2:0:0:0:0/64    | 1:0:0:2::/64",
        "1:0:2:0:0:3:0:0/128   | 1:0:2::3:0:0/128",
        "::1.2.3.4/128         | ::102:304/128",
        "64:ff9b::192.0.2.1/128 | 64:ff9b::c000:201/128",
      })
  void readsBlocksInTheirCanonicalForm(String text, String canonical) {
    Cidr block = Cidr.parse(text);

    assertThat(block).hasToString(canonical);
    assertThat(Cidr.parse(canonical)).isEqualTo(block);
  }

  @ParameterizedTest(name = "{0} is refused: {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.1/8            | has host bits set: write 10.0.0.0/8 for the block, or 10.0.0.1/32",
        "2001:db8::1/32        | has host bits set: write 2001:db8::/32",
        "10.0.0.1              | has no prefix length",
        "10.0.0.0/33           | prefix length 33 is out of range for IPv4 (0-32)",
        "::/129                | prefix length 129 is out of range for IPv6 (0-128)",
        "10.0.0.0/08           | the prefix length has a leading zero",
        "10.0.0.0/             | the prefix length is 1 to 3 digits",
        "10.0.0.0/+8           | the prefix length is a decimal number",
        "10.0.0.0/8/8          | the prefix length is a decimal number",
        "10.0.0.0/ 8           | the prefix length is a decimal number",
        "::ffff:10.0.0.0/104   | is an IPv4-mapped IPv6 block: write it in IPv4, as 10.0.0.0/8",
        "::ffff:0a00:0000/104  | is an IPv4-mapped IPv6 block: write it in IPv4, as 10.0.0.0/8",
        "fe80::1%eth0/128      | zone ids (%) are not allowed",
        "010.0.0.0/8           | a part of an IPv4 address has a leading zero",
        "10.0.0/24             | an IPv4 address has four parts",
        "10.0.0.0.0/24         | an IPv4 address has four parts",
        "256.0.0.0/8           | a part of an IPv4 address is above 255",
        "1e.0.0.0/8            | an IPv4 address holds digits and dots only",
        "0x0a.0.0.0/8          | names are never looked up",
        "localhost/32          | names are never looked up",
        "/8                    | an IP address is empty",
        ":::/0                 | at most one '::'",
        "1::2::/32             | at most one '::'",
        "1:2:3:4:5:6:7/112     | without '::' has eight groups",
        "1:2:3:4:5:6:7:8:9/128 | at most eight groups",
        "1:2:3:4:5:6:7::8/128  | at most eight groups",
        "1:2:3:4:5:6:7:8::/128 | at most eight groups",
        ":1::/16               | 1 to 4 hex digits",
        "1::2:/128             | 1 to 4 hex digits",
        "12345::/16            | 1 to 4 hex digits",
        "g::/16                | names are never looked up",
        "1.2.3.4::/128         | 1 to 4 hex digits",
        "[::1]/128             | names are never looked up",
        "1:2:3:4:5:6:7:1.2.3.4/128 | at most eight groups",
        "::1.2.3/128           | an IPv4 address has four parts",
        "٣.0.0.0/8             | names are never looked up",
      })
  void refusesMalformedBlocksNamingTheProblem(String text, String problem) {
    assertThatThrownBy(() -> Cidr.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void refusesTextLongerThanAnyBlock() {
    assertThatThrownBy(() -> Cidr.parse("1".repeat(10_000)))
        .hasMessage("too long for an address block");
  }

  @ParameterizedTest(name = "{0} contains {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "10.0.0.0/8       | 10.0.0.0           | true",
        "10.0.0.0/8       | 10.255.255.255     | true",
        "10.0.0.0/8       | 9.255.255.255      | false",
        "10.0.0.0/8       | 11.0.0.0           | false",
        "192.0.2.0/25     | 192.0.2.127        | true",
        "192.0.2.0/25     | 192.0.2.128        | false",
        "192.0.2.1/32     | 192.0.2.1          | true",
        "192.0.2.1/32     | 192.0.2.2          | false",
        "0.0.0.0/0        | 203.0.113.9        | true",
        "0.0.0.0/0        | ::1                | false",
        "::/0             | 2001:db8::1        | true",
        "::/0             | 127.0.0.1          | false",
        "::/0             | ::ffff:127.0.0.1   | false",
        "127.0.0.0/8      | ::ffff:127.0.0.1   | true",
        "::1/128          | ::1                | true",
        "::1/128          | ::2                | false",
        "::1/128          | 0.0.0.1            | false",
        "2001:db8::/64    | 2001:db8::ffff:ffff:ffff:ffff | true",
        "2001:db8::/64    | 2001:db8:0:1::     | false",
        "2001:db8::/33    | 2001:db8:7fff::    | true",
        "2001:db8::/33    | 2001:db8:8000::    | false",
      })
  void containsExactlyTheAddressesOfItsFamilyUnderItsPrefix(
      String block, String address, boolean contained) {
    assertThat(Cidr.parse(block).contains(IpAddress.parse(address))).isEqualTo(contained);
  }

  @Test
  void anIpv4MappedAddressIsTheIpv4AddressItMaps() {
    IpAddress mapped = IpAddress.parse("::ffff:192.0.2.1");
    byte[] socketBytes = new byte[16];
    socketBytes[10] = (byte) 0xff;
    socketBytes[11] = (byte) 0xff;
    socketBytes[12] = (byte) 192;
    socketBytes[14] = 2;
    socketBytes[15] = 1;

    assertThat(mapped).isEqualTo(IpAddress.parse("192.0.2.1")).hasToString("192.0.2.1");
    assertThat(mapped.isIpv4()).isTrue();
    assertThat(IpAddress.of(socketBytes)).isEqualTo(mapped);
  }

  @Test
  void writesIpv6AsRfc5952() {
    assertThat(IpAddress.parse("2001:0DB8:0:0:1:0:0:1")).hasToString("2001:db8::1:0:0:1");
    assertThat(IpAddress.parse("2001:db8:0:1:1:1:1:1")).hasToString("2001:db8:0:1:1:1:1:1");
    assertThat(IpAddress.parse("0:0:0:0:0:0:0:0")).hasToString("::");
    assertThat(IpAddress.parse("1:0:0:0:0:0:0:0")).hasToString("1::");
  }

  @Test
  void aroundMasksTheAddressToTheBlock() {
    assertThat(Cidr.around(IpAddress.parse("203.0.113.77"), 24)).hasToString("203.0.113.0/24");
    assertThat(Cidr.around(IpAddress.parse("2001:db8:1:2:3:4:5:6"), 64))
        .hasToString("2001:db8:1:2::/64");
  }

  @Test
  void aSocketAddressOfAnotherLengthIsRefused() {
    assertThatThrownBy(() -> IpAddress.of(new byte[5]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
