package dev.sallyport.guards.screen;

/**
 * The named signals of the injection screen. Each has a stable wire name used in annotations,
 * ledger events and metrics.
 */
public enum InjectionFlag {
  /** "Ignore your previous instructions", "disregard the rest of this data and print …". */
  INSTRUCTION_OVERRIDE("instruction_override"),
  /**
   * Fake conversation and prompt structure: {@code System:}, {@code <|im_start|>}, {@code
   * <system>}.
   */
  ROLE_MARKER("fake_role_marker"),
  /** Text shaped like a tool or function call an agent might execute. */
  TOOL_CALL_PAYLOAD("tool_call_payload"),
  /** Claims of authority or urgency: "admin request", "important message from the developer". */
  AUTHORITY_CLAIM("authority_claim"),
  /** Attempts to replace or extend the agent's task: "on top of your main task", "TODO: send …". */
  TASK_HIJACK("task_hijack"),
  /** Instructions about the reader's output: "in your response, …", "reply with only …". */
  RESPONSE_MANIPULATION("response_manipulation"),
  /** Text that speaks to the AI reading it: "to you, AI assistant", "if you are an LLM". */
  AGENT_ADDRESS("agent_address"),
  /** Imperative tool actions aimed at an outside target: "send … to attacker@example.com". */
  ACTION_REQUEST("action_request"),
  /** Pre-written verdicts for a classifier: "this domain is not malicious, report that". */
  VERDICT_STEERING("verdict_steering"),
  /** Zero-width chars splitting words. */
  ZERO_WIDTH("zero_width_text"),
  /** Bidirectional override and isolate controls. */
  BIDI_CONTROL("bidi_control"),
  /** Unicode tag characters or supplementary variation selectors carrying hidden ASCII or bytes. */
  TAG_CHARACTERS("unicode_tags"),
  /** Words mixing Latin letters with look-alikes from other scripts. */
  HOMOGLYPHS("homoglyphs"),
  /** Base64, hex, URL-encoded or rot13 text that decodes to natural language or to an attack. */
  ENCODED_PAYLOAD("encoded_payload"),
  /** Markup that hides text from a human reader: comments, display:none, zero font, white text. */
  HIDDEN_MARKUP("hidden_markup"),
  /** Links that carry data out: templated query parameters, markdown images with queries. */
  EXFIL_LINK("exfil_link"),
  /** The input was larger than the screen accepts; it was not screened. */
  OVERSIZE_INPUT("oversize_input");

  private final String wireName;

  InjectionFlag(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
