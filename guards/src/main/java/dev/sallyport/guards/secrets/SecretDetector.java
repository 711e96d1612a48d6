package dev.sallyport.guards.secrets;

import static java.util.Objects.requireNonNull;

import com.google.re2j.Matcher;
import dev.sallyport.guards.pii.Detector;
import dev.sallyport.guards.pii.EntityType;
import dev.sallyport.guards.pii.Finding;
import dev.sallyport.guards.pii.Findings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * API keys, tokens, passwords and private keys. Five scanners share one pass over the text:
 *
 * <ol>
 *   <li><b>vendor formats</b> ({@link SecretRules}): a rule is tried only where its literal prefix
 *       starts a token, and its RE2/J pattern only sees that token;
 *   <li><b>private keys</b>: a PEM {@code -----BEGIN … PRIVATE KEY-----} block with a body;
 *   <li><b>credentials in URLs and commands</b>: {@code scheme://user:password@host}, {@code curl
 *       -u user:password}, {@code -H "Authorization: …"} and other credential headers, Slack
 *       webhook URLs, the {@code "type": "service_account"} marker of Google key files;
 *   <li><b>Azure AD client secrets</b>, found by their {@code <digit>Q~} infix;
 *   <li><b>assignments to secret-named keys</b> ({@code api_key = "…"}, {@code "password": "…"},
 *       {@code clientSecret := "…"}) whose value is random enough: entropy, mixed char classes, no
 *       placeholder, variable, path or counting sequence.
 * </ol>
 *
 * <p>Every scanner looks at a bounded window around a cheap trigger (a prefix, {@code -----}, a
 * {@code :} or {@code =}), and skips past what it consumed, so the work is linear in the text.
 */
public final class SecretDetector implements Detector {
  private static final int MAX_KEY = 64;

  /** The shortest vendor token in {@link SecretRules} (an AWS key id) has 20 chars. */
  private static final int MIN_TOKEN = 20;

  private static final int MAX_VALUE = 512;
  private static final int MAX_PEM = 64 * 1024;
  private static final Set<String> SECRET_WORDS =
      Set.of(
          "key",
          "apikey",
          "token",
          "secret",
          "password",
          "passwd",
          "pwd",
          "pass",
          "passphrase",
          "credential",
          "credentials",
          "auth",
          "accesskey",
          "secretkey",
          "privatekey",
          "clientsecret",
          "apisecret",
          "accesstoken",
          "authtoken",
          "bearer",
          "secretaccesskey",
          "apitoken",
          "refreshtoken",
          "sessiontoken",
          "bearertoken",
          "masterkey",
          "signingkey",
          "encryptionkey",
          "webhooksecret",
          "clientkey",
          "appsecret",
          "appkey");
  private static final Set<String> AUTH_SCHEMES =
      Set.of("bearer", "basic", "token", "digest", "apikey", "bot", "key", "sso-key");
  private static final Set<String> PASSWORD_WORDS =
      Set.of("password", "passwd", "pwd", "pass", "passphrase");
  private static final Set<String> TRIVIAL =
      Set.of(
          "user",
          "username",
          "pass",
          "password",
          "passwd",
          "secret",
          "test",
          "admin",
          "root",
          "guest",
          "foo",
          "bar",
          "demo",
          "changeme",
          "token",
          "apikey",
          "api_key",
          "key",
          "null",
          "none",
          "true",
          "false",
          "xxx");

  private final List<SecretRule> rules;

  /** Rules by the ASCII pair that starts their prefix: {@code byPair[c0 * 128 + c1]}. */
  private final int[][] byPair;

  /** Each rule's prefix as chars, for the hot comparison. */
  private final char[][] prefixes;

  public SecretDetector(List<SecretRule> rules) {
    this.rules = List.copyOf(requireNonNull(rules, "rules is null"));
    List<List<Integer>> pairs = new ArrayList<>();
    for (int k = 0; k < 128 * 128; k++) {
      pairs.add(null);
    }
    for (int r = 0; r < this.rules.size(); r++) {
      String prefix = this.rules.get(r).prefix();
      int key = prefix.charAt(0) * 128 + prefix.charAt(1);
      if (pairs.get(key) == null) {
        pairs.set(key, new ArrayList<>());
      }
      pairs.get(key).add(r);
    }
    prefixes = new char[this.rules.size()][];
    for (int r = 0; r < prefixes.length; r++) {
      prefixes[r] = this.rules.get(r).prefix().toCharArray();
    }
    byPair = new int[128 * 128][];
    for (int k = 0; k < byPair.length; k++) {
      List<Integer> list = pairs.get(k);
      byPair[k] = list == null ? null : list.stream().mapToInt(Integer::intValue).toArray();
    }
  }

  /** The built-in rules. */
  public static SecretDetector withDefaultRules() {
    return new SecretDetector(SecretRules.defaults());
  }

  @Override
  public String name() {
    return "secret";
  }

  @Override
  public void scan(CharSequence text, Findings findings) {
    int n = text.length();
    int[] triedUntil = new int[rules.size()];
    int runEnd = -1;
    int assignmentResume = 0;
    int pemResume = 0;
    int commandResume = 0;
    int headerResume = 0;
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c >= 128) {
        continue;
      }
      if (TRIGGERS[c]) {
        char next = i + 1 < n ? text.charAt(i + 1) : 0;
        // Each trigger is tested on its first two chars before anything is called.
        switch (c) {
          case ':', '=' -> {
            if (i >= assignmentResume) {
              int end = assignment(text, i, findings);
              if (end > i) {
                assignmentResume = end;
              }
            }
            if (c == ':' && next == '/' && i + 2 < n && text.charAt(i + 2) == '/') {
              urlCredentials(text, i, findings);
            }
          }
          case '-' -> {
            if (next == '-' && i >= pemResume && startsWith(text, i, "-----BEGIN")) {
              pemResume = privateKey(text, i, findings);
            }
          }
          case 'Q' -> {
            if (next == '~') {
              azureClientSecret(text, i, findings);
            }
          }
          case 'c', 'C' -> {
            if ((next == 'u' || next == 'U') && i >= commandResume && wordAt(text, i, "curl")) {
              commandResume = curl(text, i, findings);
            }
          }
          case 'h', 'H' -> {
            if ((next == 'o' || next == 'O') && startsWithIgnoreCase(text, i, "hooks.slack.com/")) {
              slackWebhook(text, i, findings);
            }
          }
          case 'a', 'A' -> {
            if ((next == 'u' || next == 'U')
                && i >= headerResume
                && startsWithIgnoreCase(text, i, "authorization")) {
              headerResume = authorizationHeader(text, i + "authorization".length(), findings);
            }
          }
          case 's' -> {
            if (next == 'e' && startsWith(text, i, "service_account")) {
              serviceAccount(text, i, findings);
            }
          }
          default -> {}
        }
      }
      if (!PAIR_FIRST[c] || i + 1 >= n || (i > 0 && continuesToken(text.charAt(i - 1)))) {
        continue;
      }
      char next = text.charAt(i + 1);
      if (next >= 128) {
        continue;
      }
      int[] candidates = byPair[c * 128 + next];
      if (candidates == null) {
        continue;
      }
      if (i >= runEnd) {
        runEnd = i;
        while (runEnd < n && tokenChar(text.charAt(runEnd))) {
          runEnd++;
        }
      }
      vendorToken(text, i, runEnd, candidates, triedUntil, findings);
    }
  }

  private void vendorToken(
      CharSequence text,
      int start,
      int runEnd,
      int[] candidates,
      int[] triedUntil,
      Findings findings) {
    for (int r : candidates) {
      if (start < triedUntil[r] || !hasPrefix(text, start, prefixes[r])) {
        continue;
      }
      SecretRule rule = rules.get(r);
      int windowEnd = Math.min(runEnd, start + rule.maxLength());
      if (windowEnd - start < MIN_TOKEN) {
        continue; // every vendor format is longer: no regex for a bare "ghp_" or "sk-"
      }
      // Once tried over a window, a rule is not tried again inside it: a flood of prefixes in one
      // token costs one match per window, not one per prefix.
      triedUntil[r] = windowEnd;
      Matcher m = rule.pattern().matcher(new CharWindow(text, start, windowEnd));
      if (!m.lookingAt()) {
        continue;
      }
      int end = start + m.end();
      if (!tokenEnds(text, end)) {
        continue;
      }
      int body = start + rule.prefix().length();
      if (Randomness.placeholder(text, body, end)
          || (rule.minEntropy() > 0 && Randomness.entropy(text, body, end) < rule.minEntropy())
          || (rule.needsDigit() && !Randomness.hasDigit(text, body, end))) {
        continue;
      }
      findings.add(new Finding(rule.type(), start, end, rule.confidence(), rule.id()));
      return;
    }
  }

  /** The end of what was consumed (to resume scanning), or {@code start + 1}. */
  private static int privateKey(CharSequence text, int start, Findings findings) {
    int n = text.length();
    int headerEnd = indexOf(text, "-----", start + 10, Math.min(n, start + 120));
    if (headerEnd < 0) {
      return start + 1;
    }
    String header = text.subSequence(start + 10, headerEnd).toString();
    if (!header.contains("PRIVATE KEY")) {
      return headerEnd + 5;
    }
    int bodyStart = headerEnd + 5;
    int limit = Math.min(n, bodyStart + MAX_PEM);
    int base64 = 0;
    int i = bodyStart;
    while (i < limit && !startsWith(text, i, "-----")) {
      char c = text.charAt(i);
      if (Character.isLetterOrDigit(c) || c == '+' || c == '/' || c == '=') {
        base64++;
      }
      i++;
    }
    if (base64 < 40) {
      return i;
    }
    int end = i;
    if (startsWith(text, i, "-----END")) {
      int close = indexOf(text, "-----", i + 8, Math.min(n, i + 120));
      end = close < 0 ? i + 8 : close + 5;
    }
    findings.add(new Finding(EntityType.SECRET, start, end, 0.95, "private-key"));
    return end;
  }

  private static void azureClientSecret(CharSequence text, int q, Findings findings) {
    int start = q - 4;
    if (start < 0 || !Character.isDigit(text.charAt(q - 1))) {
      return;
    }
    for (int k = start; k < q - 1; k++) {
      if (!azureChar(text.charAt(k)) || text.charAt(k) == '-') {
        return;
      }
    }
    if (start > 0 && azureChar(text.charAt(start - 1))) {
      return;
    }
    int i = q + 2;
    while (i < text.length() && azureChar(text.charAt(i)) && i - q - 2 <= 34) {
      i++;
    }
    int length = i - q - 2;
    if (length < 31 || length > 34 || (i < text.length() && azureChar(text.charAt(i)))) {
      return;
    }
    if (Randomness.entropy(text, start, i) < 3.5 || Randomness.classes(text, start, i) < 3) {
      return;
    }
    findings.add(new Finding(EntityType.SECRET, start, i, 0.9, "azure-ad-client-secret"));
  }

  private static void urlCredentials(CharSequence text, int colon, Findings findings) {
    int schemeStart = colon;
    while (schemeStart > 0
        && colon - schemeStart < 16
        && Character.isLetter(text.charAt(schemeStart - 1))) {
      schemeStart--;
    }
    if (schemeStart == colon) {
      return;
    }
    int n = text.length();
    int userStart = colon + 3;
    int i = userStart;
    int separator = -1;
    while (i < n && i - userStart < 256) {
      char c = text.charAt(i);
      if (c == '@') {
        break;
      }
      if (c == '/' || c == '?' || c == '#' || Character.isWhitespace(c) || c == '"' || c == '\'') {
        return;
      }
      if (c == ':' && separator < 0) {
        separator = i;
      }
      i++;
    }
    if (i >= n || text.charAt(i) != '@' || separator < 0 || i + 1 >= n) {
      return;
    }
    if (!credential(text, userStart, separator, separator + 1, i, 4)) {
      return;
    }
    findings.add(new Finding(EntityType.SECRET, userStart, i, 0.85, "url-credentials"));
  }

  private static void slackWebhook(CharSequence text, int host, Findings findings) {
    int path = host + "hooks.slack.com/".length();
    if (!(startsWith(text, path, "services/")
        || startsWith(text, path, "workflows/")
        || startsWith(text, path, "triggers/"))) {
      return;
    }
    int start = host;
    if (host >= 8 && startsWithIgnoreCase(text, host - 8, "https://")) {
      start = host - 8;
    } else if (host >= 7 && startsWithIgnoreCase(text, host - 7, "http://")) {
      start = host - 7;
    }
    int end = path;
    while (end < text.length() && end - path < 256 && urlChar(text.charAt(end))) {
      end++;
    }
    int segmentEnd = path;
    while (segmentEnd < end && text.charAt(segmentEnd) != '/') {
      segmentEnd++;
    }
    int tail = end - segmentEnd - 1;
    // The URL is the credential: even a truncated one shows a webhook secret being handled.
    findings.add(
        new Finding(EntityType.SECRET, start, end, tail >= 20 ? 0.9 : 0.6, "slack-webhook-url"));
  }

  private static void serviceAccount(CharSequence text, int at, Findings findings) {
    int from = Math.max(0, at - 16);
    String before = text.subSequence(from, at).toString();
    int type = before.lastIndexOf("\"type\"");
    if (type < 0) {
      return;
    }
    int end = at + "service_account".length();
    if (end < text.length() && text.charAt(end) != '"') {
      return;
    }
    findings.add(
        new Finding(
            EntityType.SECRET,
            from + type,
            Math.min(text.length(), end + 1),
            0.7,
            "gcp-service-account"));
  }

  /** {@code Authorization: [scheme] credential} in headers, logs and commands. */
  private static int authorizationHeader(CharSequence text, int after, Findings findings) {
    int n = text.length();
    int i = after;
    if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
      i++;
    }
    while (i < n && text.charAt(i) == ' ') {
      i++;
    }
    if (i >= n || (text.charAt(i) != ':' && text.charAt(i) != '=')) {
      return after;
    }
    i++;
    while (i < n && (text.charAt(i) == ' ' || text.charAt(i) == '"' || text.charAt(i) == '\'')) {
      i++;
    }
    return headerValue(text, i, 8, findings, "authorization-header");
  }

  /** Reads a header value (after an optional scheme); returns where it ended. */
  private static int headerValue(
      CharSequence text, int from, int minLength, Findings findings, String rule) {
    int n = text.length();
    int i = from;
    int wordEnd = i;
    while (wordEnd < n && Character.isLetter(text.charAt(wordEnd)) && wordEnd - i < 10) {
      wordEnd++;
    }
    String scheme = text.subSequence(i, wordEnd).toString().toLowerCase(Locale.ROOT);
    if (wordEnd < n && text.charAt(wordEnd) == ' ' && AUTH_SCHEMES.contains(scheme)) {
      i = wordEnd + 1;
    }
    int start = i;
    while (i < n
        && i - start <= MAX_VALUE
        && (valueChar(text.charAt(i)) || text.charAt(i) == '{')) {
      i++;
    }
    int end = trimEnd(text, start, i);
    if (end - start < minLength || end - start > MAX_VALUE) {
      return i;
    }
    if (Randomness.variable(text, start, end)
        || Randomness.placeholder(text, start, end)
        || text.charAt(start) == '{'
        || TRIVIAL.contains(text.subSequence(start, end).toString().toLowerCase(Locale.ROOT))
        || Randomness.classes(text, start, end) < 2) {
      return i;
    }
    findings.add(new Finding(EntityType.SECRET, start, end, 0.85, rule));
    return i;
  }

  /** {@code curl … -u user:password …} and {@code -H "X-Api-Key: …"}; returns the command's end. */
  private static int curl(CharSequence text, int at, Findings findings) {
    int n = text.length();
    int limit = Math.min(n, at + 4096);
    int i = at + 4;
    while (i < limit) {
      char c = text.charAt(i);
      if (c == '\n' && text.charAt(i - 1) != '\\' && !(i >= 2 && text.charAt(i - 2) == '\\')) {
        return i; // the command ended
      }
      if (c == '-' && (text.charAt(i - 1) == ' ' || text.charAt(i - 1) == '\t')) {
        int argument;
        if ((argument = option(text, i, "-u", "--user")) > 0) {
          userOption(text, argument, findings);
        } else if ((argument = option(text, i, "-H", "--header")) > 0) {
          headerOption(text, argument, findings);
        }
      }
      i++;
    }
    return i;
  }

  /** The start of the option's argument, or -1 when the option at {@code i} is another one. */
  private static int option(CharSequence text, int i, String shortName, String longName) {
    for (String name : new String[] {longName, shortName}) {
      int end = i + name.length();
      if (startsWith(text, i, name)
          && end < text.length()
          && (text.charAt(end) == ' ' || text.charAt(end) == '=')) {
        int k = end;
        while (k < text.length() && (text.charAt(k) == ' ' || text.charAt(k) == '=')) {
          k++;
        }
        return k;
      }
    }
    return -1;
  }

  private static void userOption(CharSequence text, int from, Findings findings) {
    int n = text.length();
    int i = from;
    char quote = 0;
    // The argument runs to the first whitespace outside quotes: "user":"pass" is one argument.
    while (i < n && i - from < MAX_VALUE) {
      char c = text.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\n') {
          return;
        }
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (Character.isWhitespace(c)) {
        break;
      }
      i++;
    }
    int start = from;
    int end = i;
    int separator = -1;
    for (int k = start; k < end; k++) {
      char c = text.charAt(k);
      if (c == ':') {
        separator = k;
        break;
      }
    }
    if (separator < 0) {
      return;
    }
    if (!credential(text, start, separator, separator + 1, end, 6)) {
      return;
    }
    findings.add(new Finding(EntityType.SECRET, start, end, 0.85, "curl-auth-user"));
  }

  private static void headerOption(CharSequence text, int from, Findings findings) {
    int n = text.length();
    int i = from;
    if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'')) {
      i++;
    }
    int nameStart = i;
    while (i < n
        && i - nameStart < 64
        && (Character.isLetterOrDigit(text.charAt(i))
            || text.charAt(i) == '-'
            || text.charAt(i) == '_')) {
      i++;
    }
    if (i >= n || text.charAt(i) != ':') {
      return;
    }
    String name = text.subSequence(nameStart, i).toString().toLowerCase(Locale.ROOT);
    if (name.equals("authorization")) {
      return; // the authorization scanner reports it
    }
    if (!(name.contains("token")
        || name.contains("key")
        || name.contains("secret")
        || name.contains("auth")
        || name.contains("password"))) {
      return;
    }
    i++;
    while (i < n && text.charAt(i) == ' ') {
      i++;
    }
    headerValue(text, i, 8, findings, "curl-auth-header");
  }

  /**
   * True when {@code user:password} (either part may be empty) carries a real credential: not a
   * variable, not a placeholder, and at least one part that is not a trivial word. Quotes are
   * dropped first ({@code "user":"pass"}) and braces around a part are taken literally ({@code
   * {token}}).
   */
  private static boolean credential(
      CharSequence text, int userStart, int userEnd, int passStart, int passEnd, int minLength) {
    String user = literal(text.subSequence(userStart, userEnd));
    String pass = literal(text.subSequence(passStart, passEnd));
    boolean userReal = realPart(user, minLength);
    boolean passReal = realPart(pass, minLength);
    if (!passReal && !(userReal && pass.isEmpty())) {
      return false; // a password is needed, or a user name that is itself the token ("key:")
    }
    if (!userReal && !user.isEmpty() && !plainName(user)) {
      return false; // "${user}:${password}", "$1:$2"
    }
    return !user.equalsIgnoreCase(pass);
  }

  private static String literal(CharSequence part) {
    StringBuilder b = new StringBuilder(part.length());
    for (int k = 0; k < part.length(); k++) {
      char c = part.charAt(k);
      if (c != '"' && c != '\'') {
        b.append(c);
      }
    }
    String s = b.toString();
    while (s.length() >= 2
        && s.charAt(0) == '{'
        && s.charAt(s.length() - 1) == '}'
        && s.indexOf('{', 1) < 0) {
      s = s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static boolean plainName(String part) {
    return !Randomness.variable(part, 0, part.length())
        && !Randomness.placeholder(part, 0, part.length());
  }

  private static boolean realPart(String part, int minLength) {
    if (part.length() < minLength
        || Randomness.variable(part, 0, part.length())
        || Randomness.placeholder(part, 0, part.length())) {
      return false;
    }
    return !TRIVIAL.contains(part.toLowerCase(Locale.ROOT));
  }

  /**
   * An assignment at the operator {@code op}: a secret-named key before it and a random value after
   * it. Returns the end of the value when one was read (to resume after it), else -1.
   */
  private int assignment(CharSequence text, int op, Findings findings) {
    int n = text.length();
    char c = text.charAt(op);
    int opStart = op;
    int opEnd = op + 1;
    if (c == ':') {
      if (opEnd < n && (text.charAt(opEnd) == '=' || text.charAt(opEnd) == ':')) {
        return -1; // ":=" is handled at its "=", "::" is not an assignment
      }
      if (op > 0 && text.charAt(op - 1) == ':') {
        return -1;
      }
      if (opEnd + 1 < n && text.charAt(opEnd) == '/' && text.charAt(opEnd + 1) == '/') {
        return -1; // a URL scheme
      }
    } else {
      if (op > 0 && text.charAt(op - 1) == ':') {
        opStart = op - 1;
      } else if (op > 0 && "=!<>+-*/%&|^".indexOf(text.charAt(op - 1)) >= 0) {
        return -1;
      }
      if (opEnd < n && text.charAt(opEnd) == '=') {
        return -1; // "=="
      }
      if (opEnd < n && text.charAt(opEnd) == '>') {
        opEnd++; // "=>"
      }
    }
    int keyEnd = opStart;
    while (keyEnd > 0
        && opStart - keyEnd < 4
        && (text.charAt(keyEnd - 1) == ' ' || text.charAt(keyEnd - 1) == '\t')) {
      keyEnd--;
    }
    char keyQuote = 0;
    if (keyEnd > 0 && (text.charAt(keyEnd - 1) == '"' || text.charAt(keyEnd - 1) == '\'')) {
      keyQuote = text.charAt(keyEnd - 1);
      keyEnd--;
    }
    int keyStart = keyEnd;
    while (keyStart > 0 && keyEnd - keyStart < MAX_KEY) {
      char k = text.charAt(keyStart - 1);
      if (Character.isLetterOrDigit(k)
          || k == '_'
          || k == '-'
          || k == '.'
          || (keyQuote != 0 && k == ' ')) {
        keyStart--;
      } else {
        break;
      }
    }
    if (keyStart == keyEnd || !secretName(text, keyStart, keyEnd)) {
      return -1;
    }
    if (keyQuote != 0 && keyStart > 0 && text.charAt(keyStart - 1) != keyQuote) {
      return -1; // the quoted key did not start where the quote says
    }
    int i = opEnd;
    while (i < n && i - opEnd < 8 && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
      i++;
    }
    char quote = 0;
    if (i < n && (text.charAt(i) == '"' || text.charAt(i) == '\'' || text.charAt(i) == '`')) {
      quote = text.charAt(i);
      i++;
    }
    int start = i;
    while (i < n && i - start <= MAX_VALUE) {
      char v = text.charAt(i);
      if (quote != 0 ? (v == quote || v == '\n') : !valueChar(v)) {
        break;
      }
      i++;
    }
    int end = quote != 0 ? i : trimEnd(text, start, i);
    if (end - start > MAX_VALUE) {
      return i;
    }
    if (elided(text, end)) {
      return i; // "ops_eyJzaWdu..." in documentation: an example cut short on purpose
    }
    String name = lastWord(text, keyStart, keyEnd);
    if (vendorFormat(text, start, end)) {
      return Math.max(end, op + 1); // the vendor rule reports it, with its own type and id
    }
    if (acceptValue(text, start, end, PASSWORD_WORDS.contains(name))) {
      findings.add(new Finding(EntityType.SECRET, start, end, 0.8, "generic-" + name));
    } else if (vendorPrefixed(text, start, end)) {
      // "alibabaKey := "LTAI…": a vendor prefix assigned to a secret-named key, even if cut short.
      findings.add(new Finding(EntityType.SECRET, start, end, 0.6, "generic-prefixed"));
    }
    return Math.max(end, op + 1);
  }

  /** The value is a whole token of a vendor format. */
  private boolean vendorFormat(CharSequence text, int start, int end) {
    if (end - start < 2 || text.charAt(start) >= 128 || text.charAt(start + 1) >= 128) {
      return false;
    }
    int[] candidates = byPair[text.charAt(start) * 128 + text.charAt(start + 1)];
    if (candidates == null) {
      return false;
    }
    for (int r : candidates) {
      SecretRule rule = rules.get(r);
      if (startsWith(text, start, rule.prefix())
          && end - start <= rule.maxLength()
          && rule.pattern().matcher(new CharWindow(text, start, end)).matches()) {
        return true;
      }
    }
    return false;
  }

  private boolean vendorPrefixed(CharSequence text, int start, int end) {
    if (end - start < 4
        || text.charAt(start) >= 128
        || text.charAt(start + 1) >= 128
        || Randomness.placeholder(text, start, end)) {
      return false;
    }
    int[] candidates = byPair[text.charAt(start) * 128 + text.charAt(start + 1)];
    if (candidates == null) {
      return false;
    }
    for (int r : candidates) {
      if (prefixes[r].length >= 4
          && hasPrefix(text, start, prefixes[r])
          && end - start <= rules.get(r).maxLength()) {
        return true;
      }
    }
    return false;
  }

  /** The value is followed by an ellipsis: documentation shortening an example. */
  private static boolean elided(CharSequence text, int end) {
    return (end < text.length() && text.charAt(end) == '\u2026') || startsWith(text, end, "...");
  }

  private static boolean acceptValue(CharSequence text, int start, int end, boolean password) {
    int length = end - start;
    if (length < (password ? 8 : 16) || length > MAX_VALUE) {
      return false;
    }
    if (Randomness.variable(text, start, end)
        || Randomness.placeholder(text, start, end)
        || Randomness.sequential(text, start, end)) {
      return false;
    }
    String value = text.subSequence(start, end).toString();
    String lower = value.toLowerCase(Locale.ROOT);
    if (lower.contains("://")
        || lower.startsWith("/")
        || lower.startsWith("./")
        || lower.startsWith("~/")
        || lower.contains("\\")
        || pathLike(lower)) {
      return false;
    }
    if (value.indexOf(' ') >= 0 && !password) {
      return false; // prose, not a token
    }
    if (identifierLike(value) && !uuid(value)) {
      return false; // "jetbrains.mps.v8_elimination", "jjwt-jackson-0.11.2": names, not secrets
    }
    double entropy = Randomness.entropy(text, start, end);
    int classes = Randomness.classes(text, start, end);
    if (password) {
      return entropy >= 2.8 && classes >= 2 && !TRIVIAL.contains(lower);
    }
    return entropy >= 3.5 && classes >= 2 && Randomness.hasDigit(text, start, end);
  }

  /**
   * Lower-case words and numbers joined by separators: a package, property or version name. Random
   * tokens either mix case or have no separators.
   */
  private static boolean identifierLike(String value) {
    int separators = 0;
    for (int k = 0; k < value.length(); k++) {
      char c = value.charAt(k);
      if (c >= 'A' && c <= 'Z') {
        return false;
      }
      if (c == '.' || c == '_' || c == '-' || c == ':' || c == '/') {
        separators++;
      }
    }
    return separators >= 2;
  }

  private static boolean uuid(String value) {
    if (value.length() != 36) {
      return false;
    }
    for (int k = 0; k < 36; k++) {
      char c = value.charAt(k);
      boolean dash = k == 8 || k == 13 || k == 18 || k == 23;
      if (dash ? c != '-' : Character.digit(c, 16) < 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean pathLike(String lower) {
    for (String ext :
        new String[] {
          ".pem",
          ".p12",
          ".pfx",
          ".key",
          ".json",
          ".txt",
          ".crt",
          ".cer",
          ".jks",
          ".keystore",
          ".keytab",
          ".yaml",
          ".yml",
          ".xml",
          ".env",
          ".properties",
          ".html"
        }) {
      if (lower.endsWith(ext)) {
        return true;
      }
    }
    return false;
  }

  /** True when the last word of the key (camelCase, snake_case, kebab or dotted) names a secret. */
  private static boolean secretName(CharSequence text, int start, int end) {
    return SECRET_WORDS.contains(lastWord(text, start, end));
  }

  private static String lastWord(CharSequence text, int start, int end) {
    int i = end;
    while (i > start && !Character.isLetterOrDigit(text.charAt(i - 1))) {
      i--;
    }
    int wordEnd = i;
    while (i > start) {
      char c = text.charAt(i - 1);
      if (!Character.isLetterOrDigit(c)) {
        break;
      }
      // camelCase boundary: a lower-case letter or digit followed by an upper-case one
      if (i < wordEnd && Character.isUpperCase(text.charAt(i)) && !Character.isUpperCase(c)) {
        break;
      }
      i--;
    }
    return text.subSequence(i, wordEnd).toString().toLowerCase(Locale.ROOT);
  }

  private static int trimEnd(CharSequence text, int start, int end) {
    while (end > start && ".,;:)]}>".indexOf(text.charAt(end - 1)) >= 0) {
      end--;
    }
    return end;
  }

  /** Chars that start one of the special scanners in {@link #scan}. */
  private static final boolean[] TRIGGERS = new boolean[128];

  /** Chars that can start a vendor token (letters, digits, {@code -}). */
  private static final boolean[] PAIR_FIRST = new boolean[128];

  private static boolean continuesToken(char before) {
    return before >= 128 ? Character.isLetterOrDigit(before) : CONTINUES_TOKEN[before];
  }

  private static final boolean[] ALNUM = new boolean[128];
  private static final boolean[] CONTINUES_TOKEN = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      ALNUM[c] = Character.isLetterOrDigit(c);
      CONTINUES_TOKEN[c] = ALNUM[c] || c == '_' || c == '-' || c == '.';
      PAIR_FIRST[c] = ALNUM[c] || c == '-';
      TRIGGERS[c] = ":=-QcChHaAs".indexOf(c) >= 0;
    }
  }

  private static final boolean[] TOKEN_CHARS = new boolean[128];

  static {
    for (char c = 0; c < 128; c++) {
      TOKEN_CHARS[c] = Character.isLetterOrDigit(c) || "_-+/=.~".indexOf(c) >= 0;
    }
  }

  private static boolean tokenChar(char c) {
    return c < 128 && TOKEN_CHARS[c];
  }

  /** The token ends at {@code end}: nothing word-like continues it ("….png" is a file name). */
  private static boolean tokenEnds(CharSequence text, int end) {
    if (end >= text.length()) {
      return true;
    }
    char c = text.charAt(end);
    if (Character.isLetterOrDigit(c) || c == '_' || c == '-') {
      return false;
    }
    return !(c == '.'
        && end + 1 < text.length()
        && Character.isLetterOrDigit(text.charAt(end + 1)));
  }

  private static boolean valueChar(char c) {
    return c > ' ' && c != '"' && c != '\'' && c != '`' && c != ',' && c != ';' && c != '<'
        && c != '>' && c != '(' && c != ')' && c != '[' && c != ']' && c != '{' && c != '}'
        && c < 127;
  }

  private static boolean urlChar(char c) {
    return c > ' ' && c < 127 && c != '"' && c != '\'' && c != '<' && c != '>' && c != ')'
        && c != ']';
  }

  private static boolean azureChar(char c) {
    return (c < 128 && Character.isLetterOrDigit(c))
        || c == '_'
        || c == '~'
        || c == '.'
        || c == '-';
  }

  private static boolean wordAt(CharSequence text, int i, String word) {
    return startsWith(text, i, word)
        && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))
        && (i + word.length() >= text.length()
            || !Character.isLetterOrDigit(text.charAt(i + word.length())));
  }

  private static boolean hasPrefix(CharSequence text, int i, char[] prefix) {
    if (i + prefix.length > text.length()) {
      return false;
    }
    // The first two chars are known to match (the pair table); compare from the third.
    for (int k = 2; k < prefix.length; k++) {
      if (text.charAt(i + k) != prefix[k]) {
        return false;
      }
    }
    return true;
  }

  static boolean startsWith(CharSequence text, int i, String prefix) {
    if (i < 0 || i + prefix.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (text.charAt(i + k) != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean startsWithIgnoreCase(CharSequence text, int i, String prefix) {
    if (i < 0 || i + prefix.length() > text.length()) {
      return false;
    }
    for (int k = 0; k < prefix.length(); k++) {
      if (Character.toLowerCase(text.charAt(i + k)) != prefix.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(CharSequence text, String needle, int from, int to) {
    for (int i = Math.max(0, from); i + needle.length() <= to; i++) {
      if (startsWith(text, i, needle)) {
        return i;
      }
    }
    return -1;
  }
}
