package dev.sallyport.ledger.bundle;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Newline-terminated lines and counted byte blocks from a stream, read through one reusable buffer
 * so that a verifier allocates nothing per entry. A line is only valid until the next read.
 */
final class BundleLines {
  enum Status {
    /** A complete line is in {@link #buffer()} between {@link #start()} and {@link #end()}. */
    LINE,
    /** The stream ended on a line boundary. */
    END,
    /** The stream ended inside a line: the bytes read are between start and end. */
    PARTIAL,
    /** The line exceeded the length limit; it has been skipped up to and including its newline. */
    TOO_LONG
  }

  private final InputStream in;
  private byte[] buffer = new byte[1 << 16];
  private int position;
  private int limit;
  private boolean exhausted;
  private int lineStart;
  private int lineEnd;

  BundleLines(InputStream in) {
    this.in = in;
  }

  /** Reads the next line of at most {@code maxLength} bytes, newline excluded. */
  Status next(int maxLength) throws IOException {
    int scanned = position;
    while (true) {
      for (int i = scanned; i < limit; i++) {
        if (buffer[i] == '\n') {
          lineStart = position;
          lineEnd = i;
          position = i + 1;
          return i - lineStart > maxLength ? Status.TOO_LONG : Status.LINE;
        }
      }
      if (limit - position > maxLength) {
        skipPastNewline();
        return Status.TOO_LONG;
      }
      if (exhausted) {
        if (position == limit) {
          return Status.END;
        }
        lineStart = position;
        lineEnd = limit;
        position = limit;
        return Status.PARTIAL;
      }
      int seen = limit - position;
      fill(maxLength + 1);
      scanned = position + seen;
    }
  }

  /** Exactly {@code length} bytes, or null when the stream ends first. */
  byte[] block(int length) throws IOException {
    while (limit - position < length && !exhausted) {
      fill(length);
    }
    if (limit - position < length) {
      return null;
    }
    byte[] block = Arrays.copyOfRange(buffer, position, position + length);
    position += length;
    return block;
  }

  byte[] buffer() {
    return buffer;
  }

  int start() {
    return lineStart;
  }

  int end() {
    return lineEnd;
  }

  /** Moves unread bytes to the front, grows the buffer up to {@code need} bytes, reads more. */
  private void fill(int need) throws IOException {
    if (position > 0) {
      System.arraycopy(buffer, position, buffer, 0, limit - position);
      limit -= position;
      position = 0;
    }
    if (limit == buffer.length && buffer.length < need) {
      buffer = Arrays.copyOf(buffer, Math.min(Math.max(buffer.length * 2, 1 << 16), need));
    }
    int read = in.read(buffer, limit, buffer.length - limit);
    if (read < 0) {
      exhausted = true;
    } else {
      limit += read;
    }
  }

  private void skipPastNewline() throws IOException {
    while (true) {
      for (int i = position; i < limit; i++) {
        if (buffer[i] == '\n') {
          position = i + 1;
          return;
        }
      }
      position = limit;
      if (exhausted) {
        return;
      }
      fill(buffer.length);
    }
  }
}
