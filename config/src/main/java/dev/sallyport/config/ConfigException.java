package dev.sallyport.config;

import java.nio.file.Path;

/**
 * The configuration cannot be loaded. The message names the file, the line and column (1-based) and
 * the problem, for example {@code tenants/acme/policies/payments.yaml:12:11: condition does not
 * type-check: undeclared reference to 'amount'}.
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final int line;

  public ConfigException(String file, int line, int column, String problem) {
    super(file + ":" + line + ":" + column + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public ConfigException(Path file, String problem) {
    super(file + ": " + problem);
    this.file = file.toString();
    this.line = 0;
  }

  /** The file, relative to the deployment folder where possible. */
  public String file() {
    return file;
  }

  /** The 1-based line, or 0 when the problem concerns the whole file. */
  public int line() {
    return line;
  }
}
