package dev.sallyport.guards.screen;

import java.util.List;
import java.util.Set;

/**
 * Prompt structure planted in data, read line by line from the folded text: role lines ({@code
 * System:}, {@code ### (system_message)}, {@code [ADMIN REQUEST::}), a fake exchange between an
 * assistant and a user, chat-template tokens ({@code <|im_start|>}, {@code [INST]}), tags that
 * mimic prompt sections ({@code <system>}, {@code <INFORMATION>}, {@code <end of session>}),
 * section markers ({@code -- CORE INSTRUCTION}), and tool calls written as JSON or as ReAct {@code
 * Action:} lines. Every check looks at a bounded window, so the pass is linear.
 */
final class StructureScanner {
  private static final Set<String> SYSTEM_ROLES =
      Set.of("system", "system_message", "system_prompt", "sys");

  /** Role words that are ordinary YAML keys alone ("admin: bob"): a role only with a suffix. */
  private static final Set<String> AUTHORITY_ROLES =
      Set.of("developer", "admin", "administrator", "operator", "root", "sysadmin", "superuser");

  private static final Set<String> ASSISTANT_ROLES =
      Set.of("assistant", "ai", "bot", "chatgpt", "gpt", "claude", "gemini", "llm");
  private static final Set<String> USER_ROLES = Set.of("user", "human");
  private static final Set<String> ROLE_SUFFIXES =
      Set.of(
          "message",
          "prompt",
          "note",
          "notice",
          "instruction",
          "instructions",
          "override",
          "request",
          "update",
          "command",
          "msg");
  private static final Set<String> PROMPT_TAGS =
      Set.of(
          "system",
          "sys",
          "system_prompt",
          "system_message",
          "instruction",
          "instructions",
          "admin",
          "prompt",
          "im_start",
          "im_end",
          "inst",
          "sys_prompt",
          "developer",
          "start_of_turn",
          "end_of_turn");
  private static final Set<String> SOFT_TAGS =
      Set.of(
          "information",
          "important",
          "context",
          "user_query",
          "assistant",
          "user",
          "human",
          "task",
          "note",
          "secret",
          "hidden",
          "directive",
          "untrusted_data");
  private static final Set<String> TOOL_TAGS =
      Set.of(
          "tool_call",
          "tool_calls",
          "tool_use",
          "function_call",
          "function_calls",
          "invoke",
          "parameter",
          "tool_code",
          "tool_result",
          "function_results",
          "tool");
  private static final Set<String> PHRASE_TAGS =
      Set.of(
          "end of session",
          "end of conversation",
          "end of context",
          "end of prompt",
          "end of instructions",
          "end of input",
          "end of text",
          "end of document",
          "start of session",
          "new session",
          "new instructions",
          "system message",
          "system prompt",
          "end of user input",
          "end of data");

  /** Verbs of agent actions, as in the phrase rules' {@code $ACT} class. */
  private static final Set<String> ACTIONS = Set.of(RuleCatalogue.CLASSES.get("ACT").split("\\|"));

  private static final Set<String> FILLERS =
      Set.of("please", "kindly", "now", "also", "then", "just");

  private StructureScanner() {}

  static void scan(FoldedText text, Evidence evidence, int depth) {
    char[] c = text.chars;
    int n = text.length;
    boolean assistantLine = false;
    boolean userLine = false;
    int actionLine = -1;
    int lineStart = 0;
    int codeResume = 0;
    for (int i = 0; i <= n; i++) {
      if (i < n && c[i] != '\n') {
        if (c[i] == '<') {
          tag(c, i, n, evidence, depth);
        } else if (c[i] == '[' && i + 1 < n) {
          bracketToken(c, i, n, evidence, depth);
        } else if (c[i] == '"') {
          jsonToolKey(c, i, n, evidence, depth);
        } else if (c[i] == 't' && !comment(c, lineStart, i)) {
          todo(c, i, n, evidence, depth);
        } else if (c[i] == '`'
            && i >= codeResume
            && i + 2 < n
            && c[i + 1] == '`'
            && c[i + 2] == '`') {
          codeResume = codeBlock(c, i, n, evidence, depth);
        }
        continue;
      }
      int role = roleLine(c, lineStart, i);
      if (role == 1) {
        evidence.add(InjectionFlag.ROLE_MARKER, "role-line-system", 0.6, lineStart, i, depth);
      } else if (role == 2) {
        assistantLine = true;
        evidence.add(InjectionFlag.ROLE_MARKER, "role-line-assistant", 0.4, lineStart, i, depth);
      } else if (role == 3) {
        userLine = true;
        evidence.add(InjectionFlag.ROLE_MARKER, "role-line-user", 0.25, lineStart, i, depth);
      }
      if (assistantLine && userLine) {
        evidence.add(InjectionFlag.ROLE_MARKER, "fake-conversation", 0.5, lineStart, i, depth);
      }
      if (sectionMarker(c, lineStart, i)) {
        evidence.add(InjectionFlag.ROLE_MARKER, "section-marker", 0.5, lineStart, i, depth);
      }
      if (startsWithWord(c, lineStart, i, "action") && colonAfter(c, lineStart + 6, i)) {
        actionLine = lineStart;
      } else if (actionLine >= 0
          && startsWithWord(c, lineStart, i, "action")
          && startsWithWord(c, skipSpaces(c, lineStart + 6, i), i, "input")) {
        evidence.add(InjectionFlag.TOOL_CALL_PAYLOAD, "react-action", 0.5, actionLine, i, depth);
      }
      lineStart = i + 1;
    }
  }

  /** 0: not a role line; 1: system-like; 2: assistant-like; 3: user-like. */
  private static int roleLine(char[] c, int start, int end) {
    int i = start;
    boolean heading = false;
    int decoration = 0;
    while (i < end && decoration < 8 && " \t>#*-=|[(<`\"'_~".indexOf(c[i]) >= 0) {
      if (c[i] == '#') {
        heading = true;
      }
      decoration++;
      i++;
    }
    int wordStart = i;
    while (i < end && i - wordStart < 24 && (isLetter(c[i]) || c[i] == '_')) {
      i++;
    }
    if (i == wordStart || (i < end && Character.isLetterOrDigit(c[i]))) {
      return 0;
    }
    String word = new String(c, wordStart, i - wordStart);
    boolean authority = AUTHORITY_ROLES.contains(word);
    int kind =
        SYSTEM_ROLES.contains(word) || authority
            ? 1
            : ASSISTANT_ROLES.contains(word) ? 2 : USER_ROLES.contains(word) ? 3 : 0;
    if (kind == 0) {
      return 0;
    }
    boolean suffixed = false;
    // An optional second word ("SYSTEM MESSAGE:", "ADMIN REQUEST::"), closing brackets, a colon.
    int k = skipSpaces(c, i, end);
    int second = k;
    while (k < end && k - second < 16 && isLetter(c[k])) {
      k++;
    }
    if (k > second) {
      if (!ROLE_SUFFIXES.contains(new String(c, second, k - second))) {
        return heading && kind == 1 && !authority && k == end ? 1 : 0;
      }
      suffixed = true;
      k = skipSpaces(c, k, end);
    }
    if (authority && !suffixed) {
      return 0;
    }
    while (k < end && (c[k] == ')' || c[k] == ']' || c[k] == '>' || c[k] == '*' || c[k] == '#')) {
      k++;
    }
    k = skipSpaces(c, k, end);
    if (k < end && c[k] == ':') {
      return kind;
    }
    // "### (system_message) …" and "### System" headings.
    return heading && kind == 1 && !authority ? 1 : 0;
  }

  /**
   * {@code TODO: <action verb>} in data: a task planted for whoever reads it. The marker may be
   * glued to the text before it ("…accordingly.TODO: Transfer …"); a TODO in a code comment is a
   * developer's note and is skipped by the caller.
   */
  private static void todo(char[] c, int at, int n, Evidence evidence, int depth) {
    if (at + 5 > n || c[at + 1] != 'o' || c[at + 2] != 'd' || c[at + 3] != 'o') {
      return;
    }
    int i = skipSpaces(c, at + 4, n);
    if (i >= n || c[i] != ':') {
      return;
    }
    i++;
    for (int words = 0; words < 3; words++) {
      while (i < n && (c[i] == ' ' || c[i] == '\t' || c[i] == '\'' || c[i] == '"')) {
        i++;
      }
      int start = i;
      while (i < n && isLetter(c[i]) && i - start < 20) {
        i++;
      }
      if (i == start) {
        return;
      }
      String word = new String(c, start, i - start);
      if (ACTIONS.contains(word)) {
        evidence.add(InjectionFlag.TASK_HIJACK, "task-todo-action", 0.5, at, i, depth);
        return;
      }
      if (!FILLERS.contains(word)) {
        return;
      }
    }
  }

  /**
   * A fenced code block ({@code ```}) that sends data out (HTTP, sockets, mail, FTP, curl, wget)
   * after reading something sensitive (environment, cookies, clipboard, files, process and device
   * lists), or that runs destructive commands: code planted for an agent to run or pass on. Returns
   * where the block ended.
   */
  static int codeBlock(char[] c, int open, int n, Evidence evidence, int depth) {
    int limit = Math.min(n, open + 3 + 16 * 1024);
    int end = open + 3;
    while (end + 2 < limit && !(c[end] == '`' && c[end + 1] == '`' && c[end + 2] == '`')) {
      end++;
    }
    String code = new String(c, open + 3, Math.max(0, Math.min(end, limit) - open - 3));
    boolean sends = containsAny(code, SENDERS);
    boolean reads = containsAny(code, SENSITIVE_SOURCES);
    if (sends && reads) {
      evidence.add(InjectionFlag.TOOL_CALL_PAYLOAD, "code-exfiltration", 0.4, open, end, depth);
    }
    if (containsAny(code, DESTRUCTIVE)) {
      evidence.add(InjectionFlag.TOOL_CALL_PAYLOAD, "code-destructive", 0.4, open, end, depth);
    }
    return Math.min(n, end + 3);
  }

  private static final List<String> SENDERS =
      List.of(
          "requests.post",
          "requests.put",
          "requests.get(",
          "urllib.request",
          "urlopen(",
          "http.client",
          "socket.socket",
          "smtplib",
          "ftplib",
          "ftp(",
          "curl ",
          "wget ",
          "sendall(",
          "httpx.",
          "fetch(");
  private static final List<String> SENSITIVE_SOURCES =
      List.of(
          "os.environ",
          "getenv(",
          "cookie",
          "clipboard",
          "pyperclip",
          "/etc/passwd",
          "/etc/shadow",
          "psutil",
          "subprocess",
          "open(",
          "keylog",
          "pynput",
          "shutil",
          "platform.",
          "getpass",
          "usb.core",
          "wmi",
          "glob.",
          "os.listdir",
          ".ssh",
          "history");
  private static final List<String> DESTRUCTIVE =
      List.of(
          "rm -rf",
          "dd if=",
          "mkfs",
          "format c:",
          ":(){",
          "shutil.rmtree",
          "os.remove(",
          "del /f",
          "shutdown",
          "os.system(",
          "disable()",
          "fork()",
          "chmod 777");

  private static boolean containsAny(String code, List<String> needles) {
    for (String needle : needles) {
      if (code.contains(needle)) {
        return true;
      }
    }
    return false;
  }

  /** Whether the line starting at {@code start} is a code comment up to {@code at}. */
  private static boolean comment(char[] c, int start, int at) {
    int i = skipSpaces(c, start, at);
    if (i >= at) {
      return false;
    }
    char first = c[i];
    char second = i + 1 < at ? c[i + 1] : 0;
    return first == '#'
        || (first == '/' && (second == '/' || second == '*'))
        || (first == '*' && second == ' ')
        || (first == '-' && second == '-');
  }

  /** "-- CORE INSTRUCTION", "== SYSTEM OVERRIDE ==": a dashed marker naming prompt sections. */
  private static boolean sectionMarker(char[] c, int start, int end) {
    int i = skipSpaces(c, start, end);
    int dashes = 0;
    while (i < end && (c[i] == '-' || c[i] == '=') && dashes < 16) {
      dashes++;
      i++;
    }
    if (dashes < 2 || end - i > 80) {
      return false;
    }
    String rest = new String(c, i, end - i);
    return rest.contains("instruction")
        || rest.contains("system")
        || rest.contains("override")
        || rest.contains("amendment")
        || rest.contains("directive")
        || rest.contains("admin");
  }

  private static void tag(char[] c, int open, int n, Evidence evidence, int depth) {
    int i = open + 1;
    if (i < n && c[i] == '|') {
      // Chat-template tokens: <|im_start|>, <|endoftext|>, <|eot_id|>
      int k = i + 1;
      while (k < n && k - i < 32 && (isLetter(c[k]) || c[k] == '_' || Character.isDigit(c[k]))) {
        k++;
      }
      if (k > i + 1 && k + 1 < n && c[k] == '|' && c[k + 1] == '>') {
        evidence.add(InjectionFlag.ROLE_MARKER, "special-token", 0.7, open, k + 2, depth);
      }
      return;
    }
    if (i < n && c[i] == '<') {
      i++; // <<SYS>>
    }
    if (i < n && c[i] == '/') {
      i++;
    }
    int nameStart = i;
    while (i < n && i - nameStart < 40 && (isLetter(c[i]) || c[i] == '_' || c[i] == ' ')) {
      i++;
    }
    if (i == nameStart || i >= n) {
      return;
    }
    char close = c[i];
    String name = new String(c, nameStart, i - nameStart).trim();
    boolean closed = close == '>';
    boolean attributes = close == ' ' || close == '=';
    if (name.indexOf(' ') >= 0) {
      if (closed && PHRASE_TAGS.contains(name)) {
        evidence.add(InjectionFlag.ROLE_MARKER, "prompt-phrase-tag", 0.45, open, i + 1, depth);
      }
      String first = name.substring(0, name.indexOf(' '));
      if (TOOL_TAGS.contains(first)) {
        evidence.add(InjectionFlag.TOOL_CALL_PAYLOAD, "tool-tag", 0.5, open, i, depth);
      }
      return;
    }
    if (!closed && !attributes) {
      return;
    }
    if (PROMPT_TAGS.contains(name)) {
      evidence.add(InjectionFlag.ROLE_MARKER, "prompt-tag", 0.55, open, i + 1, depth);
    } else if (TOOL_TAGS.contains(name)) {
      evidence.add(InjectionFlag.TOOL_CALL_PAYLOAD, "tool-tag", 0.5, open, i + 1, depth);
    } else if (closed && SOFT_TAGS.contains(name)) {
      evidence.add(InjectionFlag.ROLE_MARKER, "section-tag", 0.35, open, i + 1, depth);
    }
  }

  /** [INST], [/INST], [SYSTEM], [system](#…): chat-template brackets. */
  private static void bracketToken(char[] c, int open, int n, Evidence evidence, int depth) {
    int i = open + 1;
    if (c[i] == '/') {
      i++;
    }
    int start = i;
    while (i < n && i - start < 12 && isLetter(c[i])) {
      i++;
    }
    if (i >= n || c[i] != ']' || i == start) {
      return;
    }
    String word = new String(c, start, i - start);
    if (word.equals("inst") || word.equals("system") || word.equals("sys")) {
      evidence.add(InjectionFlag.ROLE_MARKER, "template-bracket", 0.6, open, i + 1, depth);
    }
  }

  /**
   * {@code "arguments":} / {@code "parameters":} with {@code "name":} / {@code "tool":} / {@code
   * "function":} shortly before: a tool call in JSON.
   */
  private static void jsonToolKey(char[] c, int quote, int n, Evidence evidence, int depth) {
    int i = quote + 1;
    while (i < n && i - quote < 16 && (isLetter(c[i]) || c[i] == '_')) {
      i++;
    }
    if (i >= n || c[i] != '"' || i == quote + 1) {
      return;
    }
    String key = new String(c, quote + 1, i - quote - 1);
    if (!(key.equals("arguments")
        || key.equals("parameters")
        || key.equals("tool_input")
        || key.equals("args")
        || key.equals("input"))) {
      return;
    }
    int colon = skipSpaces(c, i + 1, n);
    if (colon >= n || c[colon] != ':') {
      return;
    }
    int from = Math.max(0, quote - 200);
    String before = new String(c, from, quote - from);
    if (before.contains("\"name\"")
        || before.contains("\"tool\"")
        || before.contains("\"function\"")
        || before.contains("\"tool_name\"")
        || before.contains("\"recipient_name\"")
        || before.contains("\"action\"")) {
      evidence.add(InjectionFlag.TOOL_CALL_PAYLOAD, "json-tool-call", 0.45, from, colon + 1, depth);
    }
  }

  private static boolean startsWithWord(char[] c, int start, int end, String word) {
    int i = skipSpaces(c, start, end);
    if (i + word.length() > end) {
      return false;
    }
    for (int k = 0; k < word.length(); k++) {
      if (c[i + k] != word.charAt(k)) {
        return false;
      }
    }
    return i + word.length() == end || !isLetter(c[i + word.length()]);
  }

  private static boolean colonAfter(char[] c, int from, int end) {
    int i = skipSpaces(c, from, end);
    return i < end && c[i] == ':';
  }

  private static int skipSpaces(char[] c, int i, int end) {
    while (i < end && (c[i] == ' ' || c[i] == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isLetter(char ch) {
    return ch >= 'a' && ch <= 'z';
  }
}
