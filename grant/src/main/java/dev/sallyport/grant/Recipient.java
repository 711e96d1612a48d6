package dev.sallyport.grant;

import static java.util.Objects.requireNonNull;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Who or what a grant lets the executor reach, normalised per kind so that two spellings of the
 * same recipient are equal and two different recipients never are. Each kind normalises in its
 * compact constructor, so a recipient that exists is already in its one canonical form.
 *
 * <p>On the wire a recipient is one string, {@link #wire()}: {@code email:alice@example.com},
 * {@code domain:example.com}, {@code iban:DE89370400440532013000}, {@code host:api.example.com} or
 * {@code none}. Everything is printable ASCII: internationalised domain names are carried as their
 * A-labels ({@code xn--…}); internationalised e-mail local parts (SMTPUTF8) and quoted local parts
 * are not supported in version 1.
 */
public sealed interface Recipient
    permits Recipient.EmailAddress,
        Recipient.Domain,
        Recipient.Iban,
        Recipient.UrlHost,
        Recipient.None {

  /** The one-string form carried in the grant payload. */
  String wire();

  /**
   * An e-mail address: the local part kept as written, the domain normalised as a {@link Domain}.
   */
  static EmailAddress email(String address) {
    return new EmailAddress(address);
  }

  static Domain domain(String name) {
    return new Domain(name);
  }

  static Iban iban(String number) {
    return new Iban(number);
  }

  /**
   * The host of {@code url}, for example {@code https://API.Example.com:8443/v1} gives {@code
   * host:api.example.com}. The port, path and user info are not part of the binding.
   */
  static UrlHost hostOf(String url) {
    requireNonNull(url, "url is null");
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a URL", e);
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("URL has no host");
    }
    return new UrlHost(uri.getHost());
  }

  /** For tools that reach no outside party (a directory change, a read): bound as such. */
  static None none() {
    return new None();
  }

  /**
   * Parses the wire form. The result's {@link #wire()} may differ from {@code wire} if the input
   * was not normalised; callers that need a canonical input compare the two.
   *
   * @throws IllegalArgumentException if the kind is unknown or the value is invalid for its kind
   */
  static Recipient parse(String wire) {
    requireNonNull(wire, "wire is null");
    if (wire.equals("none")) {
      return new None();
    }
    int colon = wire.indexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException("recipient has no kind");
    }
    String value = wire.substring(colon + 1);
    return switch (wire.substring(0, colon)) {
      case "email" -> new EmailAddress(value);
      case "domain" -> new Domain(value);
      case "iban" -> new Iban(value);
      case "host" -> new UrlHost(value);
      default -> throw new IllegalArgumentException("unknown recipient kind");
    };
  }

  /**
   * An e-mail address {@code local@domain}: surrounding white space trimmed, the domain lowercased
   * (IDN to A-labels, no trailing dot), the local part a dot-atom (RFC 5322) kept as written.
   */
  record EmailAddress(String address) implements Recipient {
    private static final String ATEXT = "!#$%&'*+-/=?^_`{|}~";

    public EmailAddress {
      requireNonNull(address, "address is null");
      String trimmed = address.strip();
      int at = trimmed.lastIndexOf('@');
      if (at < 0) {
        throw new IllegalArgumentException("e-mail address has no '@'");
      }
      String local = trimmed.substring(0, at);
      checkLocalPart(local);
      address = local + "@" + Domain.normalise(trimmed.substring(at + 1));
    }

    private static void checkLocalPart(String local) {
      if (local.isEmpty() || local.length() > 64) {
        throw new IllegalArgumentException("e-mail local part must be 1-64 characters");
      }
      if (local.startsWith(".") || local.endsWith(".") || local.contains("..")) {
        throw new IllegalArgumentException("e-mail local part has a misplaced '.'");
      }
      for (int i = 0; i < local.length(); i++) {
        char c = local.charAt(i);
        boolean ok =
            (c >= 'a' && c <= 'z')
                || (c >= 'A' && c <= 'Z')
                || (c >= '0' && c <= '9')
                || c == '.'
                || ATEXT.indexOf(c) >= 0;
        if (!ok) {
          throw new IllegalArgumentException("e-mail local part must be an ASCII dot-atom");
        }
      }
    }

    @Override
    public String wire() {
      return "email:" + address;
    }
  }

  /**
   * A DNS name: internationalised labels converted to A-labels, lowercased, one trailing dot
   * removed; letters, digits and inner hyphens only, labels of 1-63 characters, at most 253 in all.
   */
  record Domain(String name) implements Recipient {
    public Domain {
      name = normalise(requireNonNull(name, "name is null"));
    }

    static String normalise(String name) {
      String withoutDot = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
      String ascii;
      try {
        ascii = IDN.toASCII(withoutDot, IDN.USE_STD3_ASCII_RULES);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("not a valid domain name", e);
      }
      ascii = ascii.toLowerCase(Locale.ROOT);
      if (ascii.isEmpty() || ascii.length() > 253) {
        throw new IllegalArgumentException("domain name must be 1-253 characters");
      }
      for (String label : ascii.split("\\.", -1)) {
        checkLabel(label);
      }
      return ascii;
    }

    private static void checkLabel(String label) {
      if (label.isEmpty() || label.length() > 63) {
        throw new IllegalArgumentException("domain label must be 1-63 characters");
      }
      if (label.startsWith("-") || label.endsWith("-")) {
        throw new IllegalArgumentException("domain label starts or ends with '-'");
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) {
          throw new IllegalArgumentException("domain label holds a character other than a-z 0-9 -");
        }
      }
    }

    @Override
    public String wire() {
      return "domain:" + name;
    }
  }

  /**
   * An International Bank Account Number (ISO 13616): spaces removed, uppercased, 15-34 characters,
   * country letters, check digits, and an ISO 7064 mod-97 remainder of 1.
   */
  record Iban(String number) implements Recipient {
    public Iban {
      requireNonNull(number, "number is null");
      number = number.replace(" ", "").toUpperCase(Locale.ROOT);
      if (number.length() < 15 || number.length() > 34) {
        throw new IllegalArgumentException("IBAN must be 15-34 characters");
      }
      for (int i = 0; i < number.length(); i++) {
        char c = number.charAt(i);
        boolean letter = c >= 'A' && c <= 'Z';
        boolean digit = c >= '0' && c <= '9';
        if ((i < 2 && !letter) || (i >= 2 && i < 4 && !digit) || !(letter || digit)) {
          throw new IllegalArgumentException(
              "IBAN must be two letters, two check digits, then letters and digits");
        }
      }
      if (mod97(number) != 1) {
        throw new IllegalArgumentException("IBAN check digits do not match (mod 97)");
      }
    }

    /** ISO 7064 MOD 97-10 over the rearranged number, letters as 10-35, digit by digit. */
    private static int mod97(String iban) {
      int remainder = 0;
      for (int i = 0; i < iban.length(); i++) {
        char c = iban.charAt((i + 4) % iban.length());
        if (c >= '0' && c <= '9') {
          remainder = (remainder * 10 + (c - '0')) % 97;
        } else {
          remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
        }
      }
      return remainder;
    }

    @Override
    public String wire() {
      return "iban:" + number;
    }
  }

  /**
   * The host of a URL: a DNS name normalised as a {@link Domain}, or an IP literal (IPv6 in
   * brackets) lowercased and compared as written.
   */
  record UrlHost(String host) implements Recipient {
    public UrlHost {
      requireNonNull(host, "host is null");
      if (host.startsWith("[")) {
        host = host.toLowerCase(Locale.ROOT);
        checkIpv6Literal(host);
      } else {
        host = Domain.normalise(host);
      }
    }

    private static void checkIpv6Literal(String host) {
      if (host.length() < 4 || host.length() > 41 || !host.endsWith("]")) {
        throw new IllegalArgumentException("IPv6 host must be a bracketed literal");
      }
      int colons = 0;
      for (int i = 1; i < host.length() - 1; i++) {
        char c = host.charAt(i);
        if (c == ':') {
          colons++;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || c == '.')) {
          throw new IllegalArgumentException("IPv6 literal holds a character other than hex, ':'");
        }
      }
      if (colons < 2) {
        throw new IllegalArgumentException("IPv6 literal needs at least two ':'");
      }
    }

    @Override
    public String wire() {
      return "host:" + host;
    }
  }

  /** No outside recipient: the grant is bound to "nobody", and a call with one is refused. */
  record None() implements Recipient {
    @Override
    public String wire() {
      return "none";
    }
  }
}
