package dev.sallyport.secrets;

import static java.nio.file.LinkOption.NOFOLLOW_LINKS;
import static java.nio.file.attribute.PosixFilePermission.GROUP_WRITE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_READ;
import static java.nio.file.attribute.PosixFilePermission.OTHERS_WRITE;

import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

/**
 * Reads one secret file, refusing what an attacker on the same machine could have planted or read:
 * a path that resolves (through symbolic links) outside its folder, a folder others may write, a
 * file others may read or write or its group may write, anything but a regular file (a FIFO would
 * block the reader forever), more than {@value #MAX_BYTES} bytes, and bytes that are not UTF-8.
 * Group read is allowed so that {@code root:sallyport 0640} works. One trailing {@code \n} or
 * {@code \r\n} is dropped: most tools that write a file end it with one.
 */
final class SecretFileReader {
  static final int MAX_BYTES = 64 * 1024;

  private static final Set<PosixFilePermission> FORBIDDEN_ON_FILE =
      EnumSet.of(OTHERS_READ, OTHERS_WRITE, OTHERS_EXECUTE, GROUP_WRITE);

  private SecretFileReader() {}

  /**
   * The secret in {@code file}, which must resolve to a file inside {@code folder}.
   *
   * @param reference named in errors
   */
  static Secret read(Path folder, Path file, SecretReference reference)
      throws SecretUnavailableException {
    Path realFolder;
    Path realFile;
    try {
      realFolder = folder.toRealPath();
      realFile = file.toRealPath();
    } catch (NoSuchFileException e) {
      throw new SecretUnavailableException(reference, Reason.NOT_FOUND, "no such file");
    } catch (AccessDeniedException e) {
      throw new SecretUnavailableException(
          reference, Reason.DENIED, "the executor may not read the file");
    } catch (IOException e) {
      throw ioFailure(reference, e);
    }
    if (!realFile.startsWith(realFolder) || realFile.equals(realFolder)) {
      throw new SecretUnavailableException(
          reference, Reason.FOREIGN_PATH, "the path resolves outside its folder");
    }
    PosixFileAttributes folderAttributes = attributes(realFolder, reference);
    if (folderAttributes.permissions().contains(OTHERS_WRITE)) {
      throw new SecretUnavailableException(
          reference, Reason.INSECURE, "the folder is writable by others");
    }
    PosixFileAttributes fileAttributes = attributes(realFile, reference);
    if (!fileAttributes.isRegularFile()) {
      throw new SecretUnavailableException(reference, Reason.INSECURE, "not a regular file");
    }
    if (!Collections.disjoint(fileAttributes.permissions(), FORBIDDEN_ON_FILE)) {
      throw new SecretUnavailableException(
          reference,
          Reason.INSECURE,
          "the file is readable or writable by others or writable by its group (use mode 0600 or"
              + " 0640)");
    }
    if (fileAttributes.size() > MAX_BYTES) {
      throw new SecretUnavailableException(
          reference, Reason.MALFORMED, "the file is larger than " + MAX_BYTES + " bytes");
    }
    byte[] bytes = readBounded(realFile, reference);
    try {
      return decode(bytes, reference);
    } finally {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  private static PosixFileAttributes attributes(Path path, SecretReference reference)
      throws SecretUnavailableException {
    try {
      return Files.readAttributes(path, PosixFileAttributes.class, NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      // Without POSIX permissions we cannot tell who else may read the file: refuse.
      throw new SecretUnavailableException(
          reference, Reason.INSECURE, "the file system has no POSIX permissions to check");
    } catch (IOException e) {
      throw ioFailure(reference, e);
    }
  }

  /** Reads at most MAX_BYTES + 1 bytes: the size check above can race with a writer. */
  private static byte[] readBounded(Path file, SecretReference reference)
      throws SecretUnavailableException {
    ByteBuffer buffer = ByteBuffer.allocate(MAX_BYTES + 1);
    try (SeekableByteChannel channel =
        Files.newByteChannel(file, Set.of(StandardOpenOption.READ, NOFOLLOW_LINKS))) {
      int read;
      do {
        read = channel.read(buffer);
      } while (read >= 0 && buffer.hasRemaining());
      if (!buffer.hasRemaining()) {
        throw new SecretUnavailableException(
            reference, Reason.MALFORMED, "the file is larger than " + MAX_BYTES + " bytes");
      }
      return Arrays.copyOf(buffer.array(), buffer.position());
    } catch (AccessDeniedException e) {
      throw new SecretUnavailableException(
          reference, Reason.DENIED, "the executor may not read the file");
    } catch (IOException e) {
      throw ioFailure(reference, e);
    } finally {
      Arrays.fill(buffer.array(), (byte) 0);
    }
  }

  private static Secret decode(byte[] bytes, SecretReference reference)
      throws SecretUnavailableException {
    int length = bytes.length;
    if (length > 0 && bytes[length - 1] == '\n') {
      length--;
      if (length > 0 && bytes[length - 1] == '\r') {
        length--;
      }
    }
    if (length == 0) {
      throw new SecretUnavailableException(reference, Reason.MALFORMED, "the file is empty");
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    CharBuffer chars;
    try {
      chars = decoder.decode(ByteBuffer.wrap(bytes, 0, length));
    } catch (CharacterCodingException e) {
      throw new SecretUnavailableException(reference, Reason.MALFORMED, "the file is not UTF-8");
    }
    char[] value = new char[chars.remaining()];
    chars.get(value);
    Arrays.fill(chars.array(), '\0');
    return Secret.adopt(value);
  }

  private static SecretUnavailableException ioFailure(SecretReference reference, IOException e) {
    // The exception's own message can name other paths; its kind is enough to act on.
    return new SecretUnavailableException(
        reference,
        Reason.UNAVAILABLE,
        "the file could not be read (" + e.getClass().getSimpleName() + ")");
  }
}
