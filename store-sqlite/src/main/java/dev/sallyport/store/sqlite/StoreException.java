package dev.sallyport.store.sqlite;

/** The store could not do what was asked. Callers deny rather than guess. */
public final class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
