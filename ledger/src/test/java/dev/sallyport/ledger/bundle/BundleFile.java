package dev.sallyport.ledger.bundle;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A bundle taken apart by the layout that docs/ledger.md describes, written independently of the
 * production reader, so tests can edit one part and put the file back together.
 */
final class BundleFile {
  final List<String> header = new ArrayList<>();
  final List<byte[]> notes = new ArrayList<>();
  final List<byte[]> entries = new ArrayList<>();

  static BundleFile of(byte[] bytes) {
    BundleFile file = new BundleFile();
    int position = 0;
    for (int i = 0; i < 5; i++) {
      int newline = indexOf(bytes, position);
      file.header.add(new String(bytes, position, newline - position, StandardCharsets.UTF_8));
      position = newline + 1;
    }
    int count = Integer.parseInt(file.header.get(4).substring("checkpoints ".length()));
    for (int i = 0; i < count; i++) {
      int newline = indexOf(bytes, position);
      String line = new String(bytes, position, newline - position, StandardCharsets.UTF_8);
      int length = Integer.parseInt(line.substring("note ".length()));
      file.notes.add(Arrays.copyOfRange(bytes, newline + 1, newline + 1 + length));
      position = newline + 1 + length;
    }
    while (position < bytes.length) {
      int newline = indexOf(bytes, position);
      file.entries.add(Arrays.copyOfRange(bytes, position, newline));
      position = newline + 1;
    }
    return file;
  }

  String entry(int index) {
    return new String(entries.get(index), StandardCharsets.UTF_8);
  }

  void setEntry(int index, String line) {
    entries.set(index, line.getBytes(StandardCharsets.UTF_8));
  }

  byte[] toBytes() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    List<String> lines = new ArrayList<>(header);
    lines.set(4, "checkpoints " + notes.size());
    for (String line : lines) {
      out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }
    for (byte[] note : notes) {
      out.writeBytes(("note " + note.length + "\n").getBytes(StandardCharsets.UTF_8));
      out.writeBytes(note);
    }
    for (byte[] entry : entries) {
      out.writeBytes(entry);
      out.write('\n');
    }
    return out.toByteArray();
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        return i;
      }
    }
    throw new IllegalArgumentException("no newline after offset " + from);
  }
}
