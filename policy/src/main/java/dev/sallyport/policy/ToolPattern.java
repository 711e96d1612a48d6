package dev.sallyport.policy;

import static java.util.Objects.requireNonNull;

import dev.sallyport.model.Tool;

/**
 * Names tools in grants and rules: an exact tool name, a namespace wildcard {@code billing.*}, or
 * {@code *} for every tool.
 */
public record ToolPattern(String pattern) {
  public ToolPattern {
    requireNonNull(pattern, "pattern is null");
    if (!isValid(pattern)) {
      throw new IllegalArgumentException(
          "tool pattern must be a tool name, 'namespace.*' or '*': " + pattern);
    }
  }

  public static boolean isValid(String pattern) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      String prefix = pattern.substring(0, pattern.length() - 2);
      return Tool.isValidName(prefix + ".x") || prefix.matches("[a-z][a-z0-9_-]*");
    }
    return Tool.isValidName(pattern);
  }

  public boolean isExact() {
    return !pattern.endsWith("*");
  }

  public boolean matches(String toolName) {
    if (pattern.equals("*")) {
      return true;
    }
    if (pattern.endsWith(".*")) {
      // Compare in place: this runs for every grant check and must not allocate.
      int prefix = pattern.length() - 1;
      return toolName.length() > prefix && toolName.regionMatches(0, pattern, 0, prefix);
    }
    return pattern.equals(toolName);
  }

  @Override
  public String toString() {
    return pattern;
  }
}
