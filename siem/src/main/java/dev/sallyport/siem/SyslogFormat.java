package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Pattern;

/**
 * Writes records as RFC 5424 syslog messages:
 *
 * <pre>
 * &lt;PRI&gt;1 TIMESTAMP HOSTNAME sallyport PROCID MSGID [sallyport@32473 tenant="…" index="…" …] MSG
 * </pre>
 *
 * <ul>
 *   <li>PRI is facility × 8 + a severity taken from the event: {@code deny} is a warning, a failed
 *       or unreachable action an error, a damaged entry critical, anything else informational or a
 *       notice;
 *   <li>TIMESTAMP is the event's time in UTC with at most six fractional digits, {@code -} when the
 *       entry holds no event;
 *   <li>MSGID is the event type ({@code decision}, {@code action.result}, …), {@code -} otherwise;
 *   <li>the structured data element {@code sallyport@32473} (32473 is the enterprise number RFC
 *       5612 reserves for documentation) carries tenant, index, event id, outcome and leaf hash, so
 *       a receiver can de-duplicate without parsing MSG;
 *   <li>MSG is the event's canonical JSON, after a UTF-8 byte order mark only when it holds
 *       non-ASCII text: RFC 5424 §6.4 asks for the mark on UTF-8 text, and pure ASCII is also a
 *       valid MSG-ANY that receivers which do not strip the mark can still parse as JSON.
 * </ul>
 */
public final class SyslogFormat {
  /** The SD-ID of Sallyport's structured data element. */
  public static final String SD_ID = "sallyport@32473";

  static final String APP_NAME = "sallyport";
  private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  private static final Pattern MSGID = Pattern.compile("[\\x21-\\x7e]{1,32}");
  private static final Pattern HEADER_FIELD = Pattern.compile("[\\x21-\\x7e]{1,255}");

  private final int facility;
  private final String hostname;
  private final String procId;

  /**
   * @param facility 0-23
   * @param hostname this machine's name (printable ASCII, no spaces), or {@code -}
   * @param procId the process id, or {@code -}
   */
  public SyslogFormat(int facility, String hostname, String procId) {
    if (facility < 0 || facility > 23) {
      throw new IllegalArgumentException("facility must be between 0 and 23");
    }
    this.facility = facility;
    this.hostname = field(requireNonNull(hostname, "hostname is null"), 255);
    this.procId = field(requireNonNull(procId, "procId is null"), 128);
  }

  /** The whole message, however long. */
  public byte[] message(ExportRecord record) {
    return message(record, Integer.MAX_VALUE);
  }

  /**
   * The message in at most {@code maxBytes} where possible. Only MSG is ever shortened, at a
   * character boundary, and the structured data then says {@code truncated="true"}; the header and
   * structured data are never cut, so the record stays identifiable.
   */
  public byte[] message(ExportRecord record, int maxBytes) {
    byte[] msg = msg(record);
    byte[] prefix = prefix(record, false);
    int bomLength = needsBom(msg) ? BOM.length : 0;
    if (msg.length == 0 || prefix.length + 1 + bomLength + msg.length <= maxBytes) {
      return join(prefix, msg, msg.length);
    }
    prefix = prefix(record, true);
    int room = maxBytes - prefix.length - 1 - bomLength;
    if (room <= 0) {
      return prefix;
    }
    int cut = room;
    // Never split a UTF-8 sequence: back up over continuation bytes (10xxxxxx).
    while (cut > 0 && (msg[cut] & 0xC0) == 0x80) {
      cut--;
    }
    return join(prefix, msg, cut);
  }

  /** RFC 5424 severity of a record: 2 critical, 3 error, 4 warning, 5 notice, 6 informational. */
  static int severity(ExportRecord record) {
    return switch (record.content()) {
      case ExportRecord.Damaged d -> 2;
      case ExportRecord.Pruned p -> 6;
      case ExportRecord.Event e ->
          switch (e.event().outcome()) {
            case "deny" -> 4;
            case "error", "upstream_error", "timeout", "unreachable" -> 3;
            case "require_approval" -> 5;
            default ->
                switch (e.event().type()) {
                  case "config.loaded", "ledger.pruned" -> 5;
                  default -> 6;
                };
          };
    };
  }

  /** Escapes a PARAM-VALUE as RFC 5424 §6.3.3 requires: {@code "}, {@code \} and {@code ]}. */
  static String escape(String value) {
    StringBuilder out = new StringBuilder(value.length() + 8);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\' || c == ']') {
        out.append('\\');
      }
      out.append(c);
    }
    return out.toString();
  }

  /** RFC 3339 as RFC 5424 §6.2.3 restricts it: UTC, at most six fractional digits. */
  static String timestamp(Instant time) {
    Instant micros = time.truncatedTo(ChronoUnit.MICROS);
    int year = micros.atZone(ZoneOffset.UTC).getYear();
    if (year < 0 || year > 9999) {
      return "-";
    }
    return micros.toString();
  }

  private byte[] prefix(ExportRecord record, boolean truncated) {
    StringBuilder out = new StringBuilder(256);
    out.append('<').append(facility * 8 + severity(record)).append(">1 ");
    String msgId = "-";
    String time = "-";
    if (record.content() instanceof ExportRecord.Event e) {
      time = timestamp(e.event().time());
      if (MSGID.matcher(e.event().type()).matches()) {
        msgId = e.event().type();
      }
    }
    out.append(time).append(' ');
    out.append(hostname).append(' ');
    out.append(APP_NAME).append(' ');
    out.append(procId).append(' ');
    out.append(msgId).append(' ');
    out.append('[').append(SD_ID);
    param(out, "tenant", record.tenant().value());
    param(out, "index", Long.toString(record.index()));
    switch (record.content()) {
      case ExportRecord.Event e -> {
        param(out, "id", e.event().id());
        param(out, "outcome", e.event().outcome());
      }
      case ExportRecord.Pruned p -> param(out, "pruned", "true");
      case ExportRecord.Damaged d -> param(out, "damaged", d.problem());
    }
    param(out, "leaf_hash", record.leafHash().base64());
    if (truncated) {
      param(out, "truncated", "true");
    }
    out.append(']');
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void param(StringBuilder out, String name, String value) {
    out.append(' ').append(name).append("=\"").append(escape(value)).append('"');
  }

  private static byte[] msg(ExportRecord record) {
    return record.content() instanceof ExportRecord.Event e
        ? e.canonicalJson().getBytes(StandardCharsets.UTF_8)
        : new byte[0];
  }

  private static boolean needsBom(byte[] msg) {
    for (byte b : msg) {
      if (b < 0) {
        return true;
      }
    }
    return false;
  }

  private static byte[] join(byte[] prefix, byte[] msg, int msgLength) {
    if (msgLength == 0) {
      return prefix;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(prefix.length + 4 + msgLength);
    out.write(prefix, 0, prefix.length);
    out.write(' ');
    if (needsBom(msg)) {
      out.write(BOM, 0, BOM.length);
    }
    out.write(msg, 0, msgLength);
    return out.toByteArray();
  }

  /** A header field as RFC 5424 allows it, or the nil value. */
  private static String field(String value, int maxLength) {
    return value.length() <= maxLength && HEADER_FIELD.matcher(value).matches() ? value : "-";
  }
}
