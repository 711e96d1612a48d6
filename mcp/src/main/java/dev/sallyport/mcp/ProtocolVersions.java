package dev.sallyport.mcp;

import java.util.List;
import java.util.Optional;

/** The MCP revisions Sallyport speaks, newest first, and the choice made at initialisation. */
public final class ProtocolVersions {
  /** Newest first. */
  public static final List<String> SUPPORTED = List.of("2025-11-25", "2025-06-18", "2025-03-26");

  /** What a client that sends no {@code MCP-Protocol-Version} header is assumed to speak. */
  public static final String ASSUMED_WITHOUT_HEADER = "2025-03-26";

  private ProtocolVersions() {}

  /** The newest revision. */
  public static String latest() {
    return SUPPORTED.get(0);
  }

  /**
   * The revision to answer an {@code initialize} with: the client's when it is supported, else the
   * newest (the client then decides whether it can go on).
   */
  public static String negotiate(Optional<String> requested) {
    return requested.filter(SUPPORTED::contains).orElse(latest());
  }

  public static boolean isSupported(String version) {
    return SUPPORTED.contains(version);
  }
}
