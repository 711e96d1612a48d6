package dev.sallyport.model;

/**
 * The JSON {@code null} inside tool arguments. Argument maps are immutable and hold no Java nulls,
 * so a JSON null is kept as this value instead of being dropped.
 */
public enum JsonNull {
  INSTANCE;

  @Override
  public String toString() {
    return "null";
  }
}
