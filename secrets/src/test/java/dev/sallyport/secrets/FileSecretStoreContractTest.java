package dev.sallyport.secrets;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class FileSecretStoreContractTest extends SecretStoreContract {
  @TempDir Path root;
  private FileSecretStore store;

  @BeforeEach
  void setUp() throws IOException {
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
    Files.createDirectory(root.resolve("acme"));
    Files.createDirectory(root.resolve("globex"));
    write(root.resolve("acme/token"), VALUE);
    write(root.resolve("globex/token"), "globex-value");
    store =
        new FileSecretStore(
            new TenantPaths(root + "/{tenant}/", "kv/data/{tenant}/", "db-{tenant}/creds/"));
  }

  @Override
  SecretStore store() {
    return store;
  }

  @Override
  SecretReference ownReference() {
    return new SecretReference.InFile(root.resolve("acme/token"));
  }

  @Override
  SecretReference foreignReference() {
    return new SecretReference.InFile(root.resolve("globex/token"));
  }

  @Override
  SecretReference missingReference() {
    return new SecretReference.InFile(root.resolve("acme/missing"));
  }

  @Override
  SecretReference unservedReference() {
    return SecretReference.parse("env:SALLYPORT_ACME__TOKEN");
  }

  @Override
  void rotate(String newValue) throws IOException {
    write(root.resolve("acme/token"), newValue);
  }

  private static void write(Path file, String value) throws IOException {
    Files.write(file, (value + "\n").getBytes(UTF_8));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
  }
}
