package dev.sallyport.siem;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sallyport.model.TenantId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The cursor file: what it accepts is exactly what it writes, and nothing else. */
class CursorFileTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final TenantId GLOBEX = TenantId.of("globex");

  @TempDir Path folder;

  @Test
  void savesAndLoadsCursorsInTenantOrderWithAChecksum() throws Exception {
    CursorFile file = new CursorFile(folder.resolve("siem/soc.cursor"));
    Map<TenantId, Long> cursors = new LinkedHashMap<>();
    cursors.put(GLOBEX, 7L);
    cursors.put(ACME, 1042L);

    file.store(cursors);

    String text = Files.readString(file.path(), US_ASCII);
    assertThat(text)
        .startsWith("sallyport.dev/siem-cursor@v1\nacme 1042\nglobex 7\nsha256 ")
        .endsWith("\n");
    assertThat(file.load()).containsExactly(Map.entry(ACME, 1042L), Map.entry(GLOBEX, 7L));
    assertThat(folder.resolve("siem/soc.cursor.tmp")).doesNotExist();
  }

  @Test
  void aSinkThatNeverDeliveredHasNoCursors() throws Exception {
    assertThat(new CursorFile(folder.resolve("none.cursor")).load()).isEmpty();
  }

  @Test
  void refusesAFileWhoseIndexWasEditedBecauseTheChecksumNoLongerMatches() throws Exception {
    CursorFile file = new CursorFile(folder.resolve("soc.cursor"));
    file.store(Map.of(ACME, 1000L));
    Files.writeString(file.path(), Files.readString(file.path()).replace("acme 1000", "acme 1008"));

    assertThatThrownBy(file::load)
        .isInstanceOf(CursorFileException.class)
        .hasMessageContaining(file.path().toString())
        .hasMessageContaining("the checksum does not match");
  }

  @Test
  void refusesGarbageNamingTheFile() throws Exception {
    CursorFile file = new CursorFile(folder.resolve("soc.cursor"));
    Files.write(file.path(), new byte[] {0, 1, 2, (byte) 0xff, '\n'});

    assertThatThrownBy(file::load)
        .isInstanceOf(CursorFileException.class)
        .hasMessage("cursor file " + file.path() + ": holds a byte that is not printable ASCII");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "sallyport.dev/siem-cursor@v1\n",
        "sallyport.dev/siem-cursor@v2\nsha256 0\n",
        "sallyport.dev/siem-cursor@v1\nacme 5\n",
        "sallyport.dev/siem-cursor@v1\nacme 5\nsha256 abc\n",
        "sallyport.dev/siem-cursor@v1\r\nacme 5\n"
      })
  void refusesMalformedFiles(String text) {
    assertThatThrownBy(() -> CursorFile.parse(text.getBytes(US_ASCII)))
        .isInstanceOf(CursorFileException.class);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "acme 05",
        "acme -1",
        "acme 1234567890123456789",
        "acme  5",
        "Acme 5",
        "acme",
        "globex 1\nacme 2",
        "acme 1\nacme 2"
      })
  void refusesBadLinesEvenUnderAValidChecksum(String lines) {
    byte[] body = ("sallyport.dev/siem-cursor@v1\n" + lines + "\n").getBytes(US_ASCII);

    assertThatThrownBy(() -> CursorFile.parse(withChecksum(body)))
        .isInstanceOf(CursorFileException.class)
        .hasMessageStartingWith("line ");
  }

  @Test
  void acceptsWhatItWritesAndWritesWhatItAccepts() throws Exception {
    Map<TenantId, Long> cursors = Map.of(ACME, 0L, GLOBEX, 999_999_999_999_999_999L);
    byte[] bytes = CursorFile.format(cursors);

    assertThat(CursorFile.parse(bytes)).isEqualTo(cursors);
    assertThat(CursorFile.format(CursorFile.parse(bytes))).isEqualTo(bytes);
  }

  /** A body signed the way {@link CursorFile#format} signs, to test the lines behind it. */
  static byte[] withChecksum(byte[] body) throws Exception {
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(body);
    String line = "sha256 " + java.util.HexFormat.of().formatHex(digest) + "\n";
    byte[] out = new byte[body.length + line.length()];
    System.arraycopy(body, 0, out, 0, body.length);
    System.arraycopy(line.getBytes(US_ASCII), 0, out, body.length, line.length());
    return out;
  }
}
