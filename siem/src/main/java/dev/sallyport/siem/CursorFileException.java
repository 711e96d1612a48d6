package dev.sallyport.siem;

import java.nio.file.Path;

/**
 * A cursor file cannot be trusted. The sink it belongs to stops rather than guess: starting over
 * from index 0 or from any other place is the operator's call (delete the file to export everything
 * again; receivers de-duplicate).
 */
public final class CursorFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public CursorFileException(String message) {
    super(message);
  }

  CursorFileException(Path file, String problem) {
    super("cursor file " + file + ": " + problem);
  }
}
