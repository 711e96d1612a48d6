package dev.sallyport.guards.pii;

/**
 * IPv4 addresses (four decimal octets 0–255) and IPv6 addresses (RFC 4291 text forms: eight groups
 * of one to four hex digits, at most one {@code ::}, an optional embedded IPv4 tail and an optional
 * {@code %zone}). An address must stand alone: glued to letters ({@code IP192.168.1.1}) or
 * continued by more digits or groups it is something else (a version number, a time, a MAC).
 */
public final class IpAddressDetector implements Detector {
  @Override
  public String name() {
    return "ip-address";
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    int resumeAt = 0;
    for (int i = 0; i < n; i++) {
      if (i < resumeAt) {
        continue;
      }
      char c = text.charAt(i);
      if (!Chars.hex(c) && c != ':') {
        continue;
      }
      char before = i == 0 ? ' ' : text.charAt(i - 1);
      if (Chars.wordChar(before)) {
        continue;
      }
      if (before != ':' && before != '.') {
        int end = ipv6(text, i);
        if (end > 0) {
          findings.add(new Finding(EntityType.IP_ADDRESS, i, end, 0.85, "ipv6"));
          resumeAt = end;
          continue;
        }
      }
      if (Chars.digit(c) && !(before == '.' && i >= 2 && Chars.digit(text.charAt(i - 2)))) {
        int end = ipv4(text, i);
        if (end > 0 && ipv4Boundary(text, end)) {
          findings.add(new Finding(EntityType.IP_ADDRESS, i, end, 0.85, "ipv4"));
          resumeAt = end;
        }
      }
    }
  }

  /** The end of four dotted octets starting at {@code start}, or -1. */
  static int ipv4(CharSequence text, int start) {
    int n = text.length();
    int i = start;
    for (int octet = 0; octet < 4; octet++) {
      if (octet > 0) {
        if (i >= n || text.charAt(i) != '.') {
          return -1;
        }
        i++;
      }
      int digitsStart = i;
      int value = 0;
      while (i < n && Chars.digit(text.charAt(i)) && i - digitsStart < 4) {
        value = value * 10 + (text.charAt(i) - '0');
        i++;
      }
      int length = i - digitsStart;
      if (length == 0 || length > 3 || value > 255) {
        return -1;
      }
    }
    return i;
  }

  private static boolean ipv4Boundary(CharSequence text, int end) {
    if (end >= text.length()) {
      return true;
    }
    char c = text.charAt(end);
    if (Chars.wordChar(c)) {
      return false;
    }
    // "1.2.3.4.5" is not an address; "1.2.3.4." ending a sentence, or "1.2.3.4:80", is.
    return !(c == '.' && end + 1 < text.length() && Chars.digit(text.charAt(end + 1)));
  }

  /** The end of an IPv6 address starting at {@code start}, or -1. */
  static int ipv6(CharSequence text, int start) {
    int n = text.length();
    int i = start;
    int groups = 0;
    boolean compressed = false;
    boolean hexSeen = false;
    if (i + 1 < n && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
      compressed = true;
      i += 2;
    } else if (text.charAt(i) == ':') {
      return -1;
    }
    while (i < n && groups < 8) {
      int groupStart = i;
      while (i < n && Chars.hex(text.charAt(i)) && i - groupStart < 5) {
        i++;
      }
      int length = i - groupStart;
      if (length == 0) {
        break;
      }
      if (length > 4) {
        return -1;
      }
      if (i + 1 < n && text.charAt(i) == '.' && Chars.digit(text.charAt(i + 1))) {
        // An embedded IPv4 tail takes the place of the last two groups.
        int end = ipv4(text, groupStart);
        if (end < 0 || groups > 6) {
          return -1;
        }
        groups += 2;
        hexSeen = true;
        i = end;
        break;
      }
      groups++;
      hexSeen = true;
      if (i + 1 < n && text.charAt(i) == ':' && text.charAt(i + 1) == ':') {
        if (compressed) {
          return -1;
        }
        compressed = true;
        i += 2;
        continue;
      }
      if (i + 1 < n && text.charAt(i) == ':' && Chars.hex(text.charAt(i + 1))) {
        i++;
        continue;
      }
      break;
    }
    if (!hexSeen || groups > 8 || (!compressed && groups != 8) || (compressed && groups > 7)) {
      return -1;
    }
    if (i < n && text.charAt(i) == '%') {
      int zoneStart = i + 1;
      int k = zoneStart;
      while (k < n && Chars.alnum(text.charAt(k)) && k - zoneStart < 16) {
        k++;
      }
      if (k > zoneStart) {
        i = k;
      }
    }
    if (i < n) {
      char c = text.charAt(i);
      if (Chars.wordChar(c)
          || c == ':'
          || (c == '.' && i + 1 < n && Chars.digit(text.charAt(i + 1)))) {
        return -1;
      }
    }
    return i;
  }
}
