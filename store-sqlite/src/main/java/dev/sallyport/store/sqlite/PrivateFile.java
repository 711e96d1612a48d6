package dev.sallyport.store.sqlite;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates a file of secret bytes (a key seed) so that it is either absent or whole, and private
 * from its first byte: a process killed while creating it would otherwise leave a half-written key
 * that every later start refuses. The bytes go to a temporary file created with mode 0600, are
 * synced, and the file is then linked to its name, which fails when another process got there first
 * — its file is the one used then.
 */
final class PrivateFile {
  private PrivateFile() {}

  /**
   * Creates {@code file} holding {@code bytes} unless it exists.
   *
   * @return true when this call created it, false when it existed already
   */
  static boolean createOnce(Path file, byte[] bytes) throws IOException {
    Path folder = file.toAbsolutePath().getParent();
    Files.createDirectories(folder);
    String prefix = file.getFileName() + ".";
    Path partial;
    try {
      partial =
          Files.createTempFile(
              folder,
              prefix,
              ".partial",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the data folder's own permissions are all there is.
      partial = Files.createTempFile(folder, prefix, ".partial");
    }
    try {
      try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      try {
        Files.createLink(file, partial);
      } catch (FileAlreadyExistsException e) {
        return false;
      } catch (UnsupportedOperationException e) {
        Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
      }
      try (FileChannel directory = FileChannel.open(folder, StandardOpenOption.READ)) {
        directory.force(true);
      } catch (IOException e) {
        // Some file systems cannot sync a folder; the file is written, only a power cut could
        // still lose its name.
      }
      return true;
    } finally {
      Files.deleteIfExists(partial);
    }
  }
}
