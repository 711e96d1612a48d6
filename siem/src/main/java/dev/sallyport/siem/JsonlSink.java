package dev.sallyport.siem;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * Appends one {@link ExportRecord#json() JSON line} per record to a file, and syncs it before the
 * batch counts as delivered.
 *
 * <p>The file is opened for each batch, so a log shipper may rotate it (rename, then expect a new
 * file) at any time without a signal. A line cut short by a crash is closed with a line break
 * before the next batch, so it spoils only itself; the records it held are written again because
 * the cursor had not moved.
 */
public final class JsonlSink implements Sink {
  private static final Set<OpenOption> APPEND =
      Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  // Audit data: readable by a shipper in the owner's group, by no one else.
  private static final FileAttribute<?> NEW_FILE_MODE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----"));

  private final Path path;
  private volatile FileChannel open;

  public JsonlSink(Path path) {
    this.path = requireNonNull(path, "path is null");
  }

  @Override
  public void deliver(List<ExportRecord> records) throws DeliveryException {
    StringBuilder text = new StringBuilder(records.size() * 320);
    for (ExportRecord record : records) {
      text.append(record.json()).append('\n');
    }
    try {
      boolean created = !Files.exists(path);
      if (!created && !endsWithLineBreak()) {
        text.insert(0, '\n');
      }
      ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
      try (FileChannel channel = openForAppend()) {
        open = channel;
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      } finally {
        open = null;
      }
      if (created) {
        syncFolder();
      }
    } catch (IOException e) {
      throw new DeliveryException("cannot append to " + path + ": " + e, e);
    }
  }

  private FileChannel openForAppend() throws IOException {
    try {
      return FileChannel.open(path, APPEND, NEW_FILE_MODE);
    } catch (UnsupportedOperationException e) {
      // Not a POSIX file system: the folder's own permissions are all there is.
      return FileChannel.open(path, APPEND);
    }
  }

  private boolean endsWithLineBreak() throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size == 0) {
        return true;
      }
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  /** A new file's name is durable only once its folder is synced. */
  private void syncFolder() throws IOException {
    Path folder = path.toAbsolutePath().getParent();
    if (folder == null) {
      return;
    }
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some file systems cannot open a folder as a channel; the data itself is synced.
    }
  }

  @Override
  public String destination() {
    return "jsonl " + path;
  }

  @Override
  public void close() {
    FileChannel channel = open;
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Abandoning a write at shutdown: the cursor has not moved, the batch will be written
        // again.
      }
    }
  }
}
