package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Where one sink has got to: for each tenant, the index of the next entry to deliver. Saved in
 * {@code DATA/siem/SINK.cursor} after every delivered batch, by writing a temporary file, syncing
 * it and renaming it over the old one, so a crash leaves the old cursor or the new, never half of
 * one.
 *
 * <pre>
 * sallyport.dev/siem-cursor@v1
 * acme 1042
 * globex 7
 * sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08
 * </pre>
 *
 * Lines end with {@code 0x0A}; tenants appear in increasing order, each once; an index is decimal
 * without a leading zero; the last line is the SHA-256 of every byte before it. Anything else is
 * refused ({@link CursorFileException}): a cursor that moved by itself would skip events without a
 * trace, so a damaged or hand-edited file stops its sink instead.
 */
public final class CursorFile {
  public static final String HEADER = "sallyport.dev/siem-cursor@v1";
  static final int MAX_BYTES = 1 << 20;

  private static final Pattern TENANT = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private static final Pattern INDEX = Pattern.compile("0|[1-9][0-9]{0,17}");
  private static final Pattern CHECKSUM = Pattern.compile("sha256 [0-9a-f]{64}");

  private final Path file;

  public CursorFile(Path file) {
    this.file = requireNonNull(file, "file is null");
  }

  public Path path() {
    return file;
  }

  /**
   * The saved cursors; none when the sink has never delivered anything (the file does not exist).
   *
   * @throws CursorFileException when the file exists but cannot be read or trusted
   */
  public Map<TenantId, Long> load() throws CursorFileException {
    byte[] bytes;
    try {
      if (Files.size(file) > MAX_BYTES) {
        throw new CursorFileException(file, "larger than " + MAX_BYTES + " bytes");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Map.of();
    } catch (IOException e) {
      throw new CursorFileException(file, "cannot be read: " + e);
    }
    try {
      return parse(bytes);
    } catch (CursorFileException e) {
      throw new CursorFileException(file, e.getMessage());
    }
  }

  /** Saves the cursors durably, replacing the file in one step. */
  public void store(Map<TenantId, Long> cursors) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    try (FileChannel channel =
        FileChannel.open(
            temporary,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      ByteBuffer bytes = ByteBuffer.wrap(format(cursors));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    Files.move(
        temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    // The rename is durable only once the folder is synced.
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot sync a folder; the worst case is the previous cursor, which only
      // repeats deliveries.
    }
  }

  /** The file's bytes for these cursors (tenants sorted, checksum last). */
  public static byte[] format(Map<TenantId, Long> cursors) {
    TreeMap<String, Long> sorted = new TreeMap<>();
    cursors.forEach((tenant, next) -> {
      if (next < 0) {
        throw new IllegalArgumentException("cursor of tenant " + tenant + " is negative");
      }
      sorted.put(tenant.value(), next);
    });
    StringBuilder text = new StringBuilder(HEADER).append('\n');
    sorted.forEach((tenant, next) -> text.append(tenant).append(' ').append(next).append('\n'));
    byte[] body = text.toString().getBytes(StandardCharsets.US_ASCII);
    String checksum = "sha256 " + HexFormat.of().formatHex(sha256(body, body.length)) + "\n";
    byte[] out = new byte[body.length + checksum.length()];
    System.arraycopy(body, 0, out, 0, body.length);
    System.arraycopy(
        checksum.getBytes(StandardCharsets.US_ASCII), 0, out, body.length, checksum.length());
    return out;
  }

  /**
   * Reads a cursor file's bytes. Accepts exactly what {@link #format} writes.
   *
   * @throws CursorFileException naming the line and the problem
   */
  public static Map<TenantId, Long> parse(byte[] bytes) throws CursorFileException {
    if (bytes.length == 0) {
      throw new CursorFileException("empty");
    }
    if (bytes.length > MAX_BYTES) {
      throw new CursorFileException("larger than " + MAX_BYTES + " bytes");
    }
    if (bytes[bytes.length - 1] != '\n') {
      throw new CursorFileException("does not end with a line break");
    }
    for (byte b : bytes) {
      if (b != '\n' && (b < 0x20 || b > 0x7e)) {
        throw new CursorFileException("holds a byte that is not printable ASCII");
      }
    }
    String text = new String(bytes, StandardCharsets.US_ASCII);
    String[] lines = text.substring(0, text.length() - 1).split("\n", -1);
    if (!lines[0].equals(HEADER)) {
      throw new CursorFileException("line 1: expected '" + HEADER + "'");
    }
    if (lines.length < 2 || !CHECKSUM.matcher(lines[lines.length - 1]).matches()) {
      throw new CursorFileException(
          "line " + lines.length + ": expected 'sha256 <64 lowercase hex digits>'");
    }
    String checksumLine = lines[lines.length - 1];
    int checksumStart = text.length() - 1 - checksumLine.length();
    String expected = HexFormat.of().formatHex(sha256(bytes, checksumStart));
    if (!checksumLine.substring("sha256 ".length()).equals(expected)) {
      throw new CursorFileException("the checksum does not match: the file was edited or damaged");
    }
    Map<TenantId, Long> cursors = new LinkedHashMap<>();
    String previous = "";
    for (int i = 1; i < lines.length - 1; i++) {
      String line = lines[i];
      int space = line.indexOf(' ');
      String where = "line " + (i + 1) + ": ";
      if (space < 0) {
        throw new CursorFileException(where + "expected '<tenant> <next index>'");
      }
      String tenant = line.substring(0, space);
      String index = line.substring(space + 1);
      if (!TENANT.matcher(tenant).matches()) {
        throw new CursorFileException(where + "not a tenant id");
      }
      if (!INDEX.matcher(index).matches()) {
        throw new CursorFileException(
            where + "the index must be decimal, at most 18 digits, without a leading zero");
      }
      if (tenant.compareTo(previous) <= 0) {
        throw new CursorFileException(where + "tenants must appear once each, in order");
      }
      previous = tenant;
      cursors.put(TenantId.of(tenant), Long.parseLong(index));
    }
    return Collections.unmodifiableMap(cursors);
  }

  private static byte[] sha256(byte[] bytes, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(bytes, 0, length);
      return digest.digest();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
