package dev.sallyport.secrets;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.TenantId;
import dev.sallyport.secrets.SecretUnavailableException.Reason;
import java.time.Duration;
import java.util.Set;

/**
 * Secrets in files, one value per file, in a folder per tenant ({@link TenantPaths#fileFolder}).
 * The file is read at every lease, so replacing it rotates the credential without a restart.
 *
 * <p>Refused: a path outside the tenant's folder, also when a symbolic link inside the folder
 * points out of it; a file that others may read or write, or that its group may write; a folder
 * that others may write; a file system without POSIX permissions; anything but a regular file of at
 * most 64 KiB of UTF-8. The field name of the value is {@value #FIELD}.
 */
public final class FileSecretStore implements SecretStore {
  /** The field name under which the file's content is leased. */
  public static final String FIELD = "value";

  private final TenantPaths paths;

  public FileSecretStore(TenantPaths paths) {
    this.paths = requireNonNull(paths, "paths is null");
  }

  @Override
  public Set<SecretReference.Scheme> schemes() {
    return Set.of(SecretReference.Scheme.FILE);
  }

  @Override
  public StoreLease lease(TenantId tenant, SecretReference reference, Duration ttl)
      throws SecretUnavailableException {
    requireNonNull(tenant, "tenant is null");
    requireNonNull(ttl, "ttl is null");
    if (!(reference instanceof SecretReference.InFile file)) {
      throw new SecretUnavailableException(
          reference, Reason.NOT_CONFIGURED, "the file store serves file: references only");
    }
    paths.checkOwnedBy(tenant, reference);
    return StaticStoreLease.of(
        FIELD, SecretFileReader.read(paths.fileFolder(tenant), file.path(), reference));
  }
}
