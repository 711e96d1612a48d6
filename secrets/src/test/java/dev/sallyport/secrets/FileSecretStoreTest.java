package dev.sallyport.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileSecretStoreTest {
  private static final TenantId ACME = TenantId.of("acme");
  private static final Duration TTL = Duration.ofSeconds(60);

  @TempDir Path root;
  private Path acme;
  private Path globex;
  private FileSecretStore store;

  @BeforeEach
  void setUp() throws IOException {
    acme = Files.createDirectory(root.resolve("acme"));
    globex = Files.createDirectory(root.resolve("globex"));
    for (Path folder : new Path[] {root, acme, globex}) {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-x---"));
    }
    store =
        new FileSecretStore(
            new TenantPaths(root + "/{tenant}/", "kv/data/{tenant}/", "db-{tenant}/creds/"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-------", "r--------", "rw-r-----", "r--r-----"})
  void readsAFileOnlyItsOwnerAndGroupCanRead(String mode) throws Exception {
    write(acme.resolve("token"), "s3cret", mode);

    assertThat(value("token")).isEqualTo("s3cret");
  }

  @ParameterizedTest
  @ValueSource(strings = {"rw-r--r--", "rw-rw----", "rw----r--", "rw-----w-", "rw------x"})
  void refusesAFileOthersCanReadOrWriteOrItsGroupCanWrite(String mode) throws Exception {
    write(acme.resolve("token"), "s3cret", mode);

    assertRefused("token", Reason.INSECURE, "readable or writable by others");
  }

  @Test
  void refusesAFolderOthersCanWrite() throws Exception {
    write(acme.resolve("token"), "s3cret", "rw-------");
    Files.setPosixFilePermissions(acme, PosixFilePermissions.fromString("rwxrwxrwx"));

    assertRefused("token", Reason.INSECURE, "folder is writable by others");
  }

  @Test
  void dropsOneTrailingNewlineAndKeepsTheRest() throws Exception {
    write(acme.resolve("lf"), "line1\nline2\n", "rw-------");
    write(acme.resolve("crlf"), "s3cret\r\n", "rw-------");
    write(acme.resolve("two"), "s3cret\n\n", "rw-------");

    assertThat(value("lf")).isEqualTo("line1\nline2");
    assertThat(value("crlf")).isEqualTo("s3cret");
    assertThat(value("two")).isEqualTo("s3cret\n");
  }

  @Test
  void readsTheFileAtEveryLeaseSoRotationNeedsNoRestart() throws Exception {
    write(acme.resolve("token"), "old", "rw-------");
    assertThat(value("token")).isEqualTo("old");

    write(acme.resolve("token"), "new", "rw-------");

    assertThat(value("token")).isEqualTo("new");
  }

  @Test
  void refusesASymbolicLinkThatLeavesTheTenantsFolder() throws Exception {
    write(globex.resolve("token"), "globex-secret", "rw-------");
    Files.createSymbolicLink(acme.resolve("token"), globex.resolve("token"));

    assertRefused("token", Reason.FOREIGN_PATH, "resolves outside its folder");
  }

  @Test
  void refusesALinkedFolderThatLeadsIntoAnotherTenant() throws Exception {
    write(globex.resolve("token"), "globex-secret", "rw-------");
    Files.createSymbolicLink(acme.resolve("shared"), Path.of("../globex"));

    assertRefused("shared/token", Reason.FOREIGN_PATH, "resolves outside its folder");
  }

  @Test
  void refusesALinkToTheTenantFolderItself() throws Exception {
    Files.createSymbolicLink(acme.resolve("self"), Path.of("."));

    assertRefused("self", Reason.FOREIGN_PATH, "resolves outside its folder");
  }

  @Test
  void followsALinkThatStaysInsideTheTenantsFolder() throws Exception {
    write(acme.resolve("token-v2"), "s3cret", "rw-------");
    Files.createSymbolicLink(acme.resolve("token"), Path.of("token-v2"));

    assertThat(value("token")).isEqualTo("s3cret");
  }

  @Test
  void refusesAnotherTenantsFileBeforeTouchingIt() throws Exception {
    write(globex.resolve("token"), "globex-secret", "rw-------");

    assertThatThrownBy(
            () -> store.lease(ACME, new SecretReference.InFile(globex.resolve("token")), TTL))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(Reason.FOREIGN_PATH));
  }

  @Test
  void traversalNeverReachesTheStore() {
    assertThatThrownBy(() -> SecretReference.parse("file:" + acme + "/../globex/token"))
        .isInstanceOf(InvalidSecretReferenceException.class);
    assertThatThrownBy(() -> SecretReference.parse("file:" + acme + "/%2e%2e/globex/token"))
        .isInstanceOf(InvalidSecretReferenceException.class);
    assertThatThrownBy(() -> SecretReference.parse("file:" + acme + "/..%2fglobex/token"))
        .isInstanceOf(InvalidSecretReferenceException.class);
  }

  @Test
  void aMissingFileIsNotFound() {
    assertRefused("nothing-here", Reason.NOT_FOUND, "no such file");
  }

  @Test
  void refusesAFolder() throws Exception {
    Files.createDirectory(acme.resolve("folder"));

    assertRefused("folder", Reason.INSECURE, "not a regular file");
  }

  @Test
  void refusesAFifoThatWouldBlockTheReader() throws Exception {
    Path fifo = acme.resolve("fifo");
    Process mkfifo;
    try {
      mkfifo = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).start();
    } catch (IOException e) {
      assumeTrue(false, "mkfifo is not available");
      return;
    }
    assumeTrue(mkfifo.waitFor() == 0, "mkfifo failed");

    assertRefused("fifo", Reason.INSECURE, "not a regular file");
  }

  @Test
  void refusesAnEmptyFile() throws Exception {
    write(acme.resolve("empty"), "\n", "rw-------");

    assertRefused("empty", Reason.MALFORMED, "the file is empty");
  }

  @Test
  void refusesBytesThatAreNotUtf8() throws Exception {
    Path file = acme.resolve("binary");
    Files.write(file, new byte[] {'o', 'k', (byte) 0xC3, (byte) 0x28});
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

    assertRefused("binary", Reason.MALFORMED, "not UTF-8");
  }

  @Test
  void refusesAFileLargerThan64KiB() throws Exception {
    write(acme.resolve("exact"), "x".repeat(SecretFileReader.MAX_BYTES), "rw-------");
    write(acme.resolve("large"), "x".repeat(SecretFileReader.MAX_BYTES + 1), "rw-------");

    assertThat(value("exact")).hasSize(SecretFileReader.MAX_BYTES);
    assertRefused("large", Reason.MALFORMED, "larger than 65536 bytes");
  }

  private String value(String name) throws SecretUnavailableException {
    StoreLease lease = store.lease(ACME, new SecretReference.InFile(acme.resolve(name)), TTL);
    try (Secret secret = lease.fields().get(FileSecretStore.FIELD)) {
      return new String(secret.revealChars());
    }
  }

  private void assertRefused(String name, Reason reason, String detail) {
    SecretReference reference = new SecretReference.InFile(acme.resolve(name));
    assertThatThrownBy(() -> store.lease(ACME, reference, TTL))
        .isInstanceOfSatisfying(
            SecretUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              assertThat(e.reference()).isEqualTo(reference);
              assertThat(e).hasMessageStartingWith("secret " + reference + " unavailable: ");
              assertThat(e).hasMessageContaining(detail);
              assertThat(e.getCause()).isNull();
            });
  }

  private static void write(Path file, String content, String mode) throws IOException {
    Files.write(file, content.getBytes(UTF_8));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
  }
}
