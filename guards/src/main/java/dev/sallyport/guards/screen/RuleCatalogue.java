package dev.sallyport.guards.screen;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The built-in phrase rules. They describe how injected instructions are phrased, not particular
 * attacks: an imperative that cancels earlier instructions, a claim of authority, a sentence that
 * speaks to the model about its own output, an action aimed at an outside address. Weights reflect
 * how rarely the phrasing occurs in ordinary documents: a rule that fires on benign text now and
 * then weighs less than 0.5, so it raises the score without deciding the verdict on its own.
 */
final class RuleCatalogue {
  private RuleCatalogue() {}

  /** Word classes, expanded where a rule says {@code $NAME}. */
  static final Map<String, String> CLASSES =
      Map.ofEntries(
          Map.entry(
              "IGNORE",
              "ignore|ignoring|disregard|disregarding|forget|forgetting|override|overriding|bypass"
                  + "|bypassing|skip|neglect|abandon|discard|nevermind"),
          Map.entry(
              "PRIOR",
              "previous|prior|above|earlier|preceding|former|foregoing|initial|original|old|all|any"
                  + "|every|other|existing|current|your|these|those|given|provided|system|my"),
          Map.entry(
              "INSTR",
              "instruction|instructions|direction|directions|rule|rules|prompt|prompts|guideline"
                  + "|guidelines|command|commands|order|orders|guidance|constraint|constraints"
                  + "|restriction|restrictions|programming|directive|directives|policy|policies"
                  + "|safeguards|filters|training|task|tasks|request|requests"),
          Map.entry(
              "DATA",
              "data|text|document|documents|content|contents|input|message|messages|information"
                  + "|info|email|context|snippet|snippets|passage|report"),
          Map.entry(
              "FOLLOWUP",
              "print|say|output|reply|respond|answer|write|return|repeat|instead|translate|state"
                  + "|display|tell|show"),
          Map.entry(
              "ACT",
              "send|email|mail|forward|transfer|pay|wire|post|upload|share|visit|open|click|download"
                  + "|invite|publish|submit|leak|create|delete|remove|add|update|modify|change|book"
                  + "|reserve|concatenate|get|grant|give|schedule|cancel|reply|write|execute|run"
                  + "|install|call|fetch|retrieve|read|move|copy|export|make|set|reset|disable"),
          Map.entry(
              "RESP",
              "response|responses|answer|answers|reply|replies|output|outputs|solution|solutions"
                  + "|implementation|summary|summaries|elucidation|explanation|code|completion"
                  + "|translation"),
          Map.entry(
              "RESPVERB",
              "add|include|insert|append|prepend|mention|incorporate|integrate|embed|weave|inject"
                  + "|promote|recommend|advertise|tease|sign"
                  + "|format|write|rewrite|modify|change|alter|translate|encode|encrypt|respond"
                  + "|reply|answer|provide|deliver|present|express|use|employ|utilize|utilise"
                  + "|leverage|adopt|meld|introduce|ensure|misspell|scramble|remove|replace|reverse"
                  + "|spell|capitalize|capitalise|output|print|repeat|display|show|make|keep"
                  + "|structure|frame|limit|restrict|convert|substitute|swap|shuffle|emphasize"
                  + "|highlight|praise|criticize|suggest|urge|encourage|direct|redirect|link|refer"
                  + "|put|place|organize|arrange|compose|phrase|word|render|present|deliver"
                  + "|rearrange|jumble|augment|enhance|group|paraphrase|reword|shorten|split"
                  + "|combine|sort|alternate|invert|garble|obfuscate|enrich|embellish|tailor"
                  + "|adapt|adjust|infuse|blend|absorb|enlist|harmonize|harmonise|merge|attach"
                  + "|plug|hide|conceal|sprinkle|pad|wrap|interleave|translate"),
          Map.entry(
              "AI",
              "ai|llm|llms|gpt|chatgpt|claude|gemini|assistant|model|agent|chatbot|bot|copilot"
                  + "|llama|mistral|language"),
          Map.entry(
              "TASKNOUN",
              "task|tasks|request|question|assignment|job|instruction|instructions|query|prompt"),
          Map.entry(
              "MAIN",
              "main|original|primary|current|actual|real|initial|first|previous|existing|assigned"
                  + "|given|core|usual"),
          Map.entry(
              "SAFE",
              "safe|harmless|benign|legitimate|trustworthy|trusted|clean|fine|secure|legit|genuine"),
          Map.entry(
              "BAD",
              "malicious|harmful|dangerous|suspicious|phishing|spam|malware|fraudulent|fraud|scam"
                  + "|unsafe|compromised|infected"));

  /**
   * One rule per line: {@code id | flag | weight | options | pattern}. Options: {@code t} when the
   * sentence must also name an outside target, {@code p} when the rule applies to prose only, not
   * to code comments ({@code // TODO: remove} is a developer's note); {@code -} for none. See
   * {@link PhraseRule} for the pattern language.
   */
  private static final String RULES =
      """
      # Overriding earlier instructions.
      override-prior-instructions     | INSTRUCTION_OVERRIDE  | 0.85 | - | $IGNORE ~3 $PRIOR ~3 $INSTR
      override-your-previous          | INSTRUCTION_OVERRIDE  | 0.8  | - | ^$IGNORE ~1 your|all ~1 previous|prior|earlier|original|initial|former|preceding
      override-rest-of-data           | INSTRUCTION_OVERRIDE  | 0.85 | - | $IGNORE ~3 rest|remainder|remaining ~3 $DATA
      override-data-then-act          | INSTRUCTION_OVERRIDE  | 0.75 | - | $IGNORE ~2 this|that|these|the|all|any|other|everything ~2 $DATA|everything|else ~4 $FOLLOWUP
      override-instructions-then-act  | INSTRUCTION_OVERRIDE  | 0.75 | - | ^$IGNORE ~1 $INSTR ~3 $FOLLOWUP|and
      override-everything             | INSTRUCTION_OVERRIDE  | 0.7  | - | $IGNORE ~2 everything|anything ~2 above|before|else|previously|earlier|except
      override-do-not-follow          | INSTRUCTION_OVERRIDE  | 0.7  | - | do|does ~0 not ~1 follow|obey|heed ~3 $PRIOR ~1 $INSTR
      override-stop-following         | INSTRUCTION_OVERRIDE  | 0.6  | - | stop ~0 following|obeying ~3 $INSTR
      override-new-task               | INSTRUCTION_OVERRIDE  | 0.6  | - | your ~0 new|real|actual|true|updated|revised ~0 instructions|instruction|task|objective|goal|role|purpose|directive|directives|mission|orders
      override-new-instructions       | INSTRUCTION_OVERRIDE  | 0.35 | - | new|updated|revised|overriding|replacement ~0 instructions|instruction|directive|directives
      override-mode-switch            | INSTRUCTION_OVERRIDE  | 0.6  | - | developer|dan|jailbreak|jailbroken|god|unrestricted|unfiltered|uncensored|debug|maintenance ~0 mode
      override-do-anything-now        | INSTRUCTION_OVERRIDE  | 0.6  | - | do ~0 anything ~0 now
      override-no-restrictions        | INSTRUCTION_OVERRIDE  | 0.4  | - | without|no|free ~1 any|all|of ~1 restrictions|limitations|filters|censorship|guidelines|rules|safeguards|boundaries
      override-no-longer-bound        | INSTRUCTION_OVERRIDE  | 0.5  | - | no ~0 longer ~0 bound|restricted|limited|constrained|required
      override-from-now-on            | INSTRUCTION_OVERRIDE  | 0.35 | - | from ~0 now ~0 on ~3 you|your
      # Authority and pressure.
      authority-admin-request         | AUTHORITY_CLAIM       | 0.55 | - | admin|administrator|root|sudo|superuser|developer|operator|sysadmin ~0 request|message|override|mode|command|instruction|instructions|notice|access|privileges|note|directive
      authority-system-message        | AUTHORITY_CLAIM       | 0.5  | - | system ~0 message|override|instruction|instructions|command|directive|prompt|administrator|admin|notice
      authority-important-message     | AUTHORITY_CLAIM       | 0.3  | - | important|urgent|critical|priority|mandatory ~0 message|instruction|instructions|directive|request|task|question|notice|note
      authority-message-from          | AUTHORITY_CLAIM       | 0.3  | - | message|instructions|instruction|note|request|order|orders|directive ~0 from ~0 me|your|the ~1 user|owner|admin|administrator|developer|developers|creator|boss|system|operator|openai|anthropic|security|ceo|manager
      authority-i-am                  | AUTHORITY_CLAIM       | 0.45 | - | i ~0 am|m ~0 your|the ~0 developer|admin|administrator|creator|owner|operator|supervisor|boss|master|programmer|maker
      authority-this-is               | AUTHORITY_CLAIM       | 0.5  | - | this ~0 is ~0 your|the ~0 developer|admin|administrator|creator|owner|operator|system
      authority-strictly-adhere       | AUTHORITY_CLAIM       | 0.35 | - | strictly|must|absolutely ~2 adhere|comply|obey ~2 following|these|this|my|the
      authority-authorized-by         | AUTHORITY_CLAIM       | 0.35 | - | authorized|approved|sanctioned|mandated ~0 by ~2 admin|administrator|developer|developers|openai|anthropic|management|security|system|owner
      authority-really-important      | AUTHORITY_CLAIM       | 0.2  | - | really|very|extremely|critically|vitally|super ~0 important|urgent|critical
      authority-career-pressure       | AUTHORITY_CLAIM       | 0.3  | - | critical|crucial|vital|essential|important ~2 my ~0 career|job|life|livelihood|survival
      # Replacing or extending the agent's task.
      task-before-given               | TASK_HIJACK           | 0.6  | - | before|instead|after|besides|prior ~5 $TASKNOUN ~3 gave|given|assigned|asked ~1 you
      task-on-top-of-main             | TASK_HIJACK           | 0.7  | - | on|in ~0 top|addition ~0 of|to ~1 your|the|my|this ~0 $MAIN ~0 $TASKNOUN|work|objective|goal
      task-priority-question          | TASK_HIJACK           | 0.5  | - | priority ~0 question|task|request|instruction|instructions
      task-instead-of                 | TASK_HIJACK           | 0.45 | - | instead ~0 of ~2 summarizing|summarising|translating|answering|completing|doing|analyzing|reviewing|classifying ~2 task|this|text|document|it|that
      task-do-following-first         | TASK_HIJACK           | 0.45 | - | do ~1 the|this ~0 following ~0 first|instead|immediately|now
      # Actions aimed outside.
      action-send-to-target           | ACTION_REQUEST        | 0.3  | t | ^send|email|mail|forward|transfer|pay|wire|post|upload|share|visit|open|click|download|invite|publish|leak|exfiltrate|submit|concatenate|create|modify
      action-mass                     | ACTION_REQUEST        | 0.35 | - | ^$ACT ~8 all|every|entire|everything|each ~3 email|emails|files|file|messages|message|contacts|data|information|documents|conversations|history|passwords|credentials|channels|transactions|person|people|recipient|recipients|participant|participants|attendee|attendees|customer|customers|employee|employees|user|users
      action-move-money               | ACTION_REQUEST        | 0.35 | - | send|transfer|wire|pay|move ~4 money|funds|payment|dollars|usd|eur|bitcoin|btc|crypto|transaction ~6 account|iban|wallet|address
      action-as-much-as-possible      | ACTION_REQUEST        | 0.4  | - | as ~0 much ~0 money|funds ~0 as ~0 possible
      action-send-codes               | ACTION_REQUEST        | 0.45 | - | ^send|forward|share|email|give|tell|post ~4 security|verification|2fa|otp|login|access|reset|authentication|recovery ~0 code|codes|token|tokens|password|passwords|link|key|keys
      action-without-asking           | ACTION_REQUEST        | 0.45 | - | without ~0 asking|telling|informing|notifying|alerting|consulting|confirming ~1 me|the|them|anyone|user|him|her
      action-keep-secret              | ACTION_REQUEST        | 0.5  | - | do|don ~0 not|t ~0 tell|inform|notify|alert|mention|reveal ~2 user|users|anyone|them|him|her|owner
      action-cover-tracks             | ACTION_REQUEST        | 0.4  | - | delete|remove|erase ~3 sent ~0 email|message|emails|messages|mail
      # The reader's own output.
      response-verb-your-response     | RESPONSE_MANIPULATION | 0.5  | - | ^$RESPVERB ~9 your ~0 $RESP
      response-in-your-response       | RESPONSE_MANIPULATION | 0.5  | - | ^in|within|throughout|for ~0 your|the|each ~0 response|responses|answer|answers|reply|replies|output|summary|summaries
      response-at-end-of              | RESPONSE_MANIPULATION | 0.5  | - | ^at ~0 the ~0 end|beginning|start|top|bottom ~0 of ~0 your ~0 $RESP
      response-reply-only             | RESPONSE_MANIPULATION | 0.45 | - | reply|respond|answer|output|print|say|return ~1 with ~0 only|just|exactly|solely|nothing
      response-nothing-else           | RESPONSE_MANIPULATION | 0.35 | - | and ~1 absolutely|nothing ~0 nothing|else
      response-print-following        | RESPONSE_MANIPULATION | 0.35 | - | ^print|say|output|write|repeat|echo|type|display|return ~3 following|exactly|verbatim|only
      response-focus-only             | RESPONSE_MANIPULATION | 0.45 | - | focus ~0 only|exclusively|solely ~2 on ~3 following|information|text|brackets|content|this
      response-provide-to-user        | RESPONSE_MANIPULATION | 0.45 | - | provide|show|give|tell|pass|send|relay|present|display ~1 it|this|that|them|these|only ~1 to ~0 the ~0 user|users|reader|human
      response-if-user-asks           | RESPONSE_MANIPULATION | 0.55 | - | if|when|whenever ~1 user|users|someone|anyone|they|asked ~0 asks|ask|requests|request|questions|queries|wants|says ~8 reply|respond|answer|say|tell|report|print|output|state|give|provide
      response-repeat-following       | RESPONSE_MANIPULATION | 0.35 | - | repeat ~3 following ~0 sentence|text|words|phrase|message|line
      response-must-begin             | RESPONSE_MANIPULATION | 0.35 | - | your ~0 $RESP ~2 must|should|shall ~2 begin|start|end|include|contain|mention
      response-begin-with             | RESPONSE_MANIPULATION | 0.45 | - | begin|start|end|prefix|preface|open|conclude ~1 your|each ~0 $RESP ~1 with|by
      response-include-given-code     | RESPONSE_MANIPULATION | 0.45 | - | following|subsequent|this|given|below ~0 code ~0 snippet|block|excerpt|section|segment|fragment|sample ~12 your ~0 code|codebase|implementation|solution|program|script|answer|response|elucidation|reply
      # Speaking to the model.
      address-to-you-ai               | AGENT_ADDRESS         | 0.45 | - | to ~0 you ~1 $AI
      address-note-to-ai              | AGENT_ADDRESS         | 0.5  | - | note|message|instructions|instruction ~0 to|for ~1 ai|llm|llms|gpt|chatgpt|claude|gemini|assistant|assistants|model|models|agent|agents|chatbot|bots|bot
      address-dear-ai                 | AGENT_ADDRESS         | 0.4  | - | ^dear|hey|hello|attention ~1 ai|llm|gpt|chatgpt|claude|gemini|assistant|model|agent|chatbot|bot|copilot
      address-if-you-are-ai           | AGENT_ADDRESS         | 0.5  | - | if ~0 you ~0 are ~0 an|a ~2 ai|llm|language|assistant|model|chatbot|bot|agent
      address-ai-reading              | AGENT_ADDRESS         | 0.6  | - | ai|llm|language|automated ~1 model|assistant|agent|models|assistants|agents|system ~0 reading|processing|summarizing|summarising|analyzing|analysing|parsing|reviewing|scanning
      # Verdicts for a classifier.
      verdict-not-a-bad               | VERDICT_STEERING      | 0.25 | - | not ~0 a|an ~0 $BAD|threat|virus
      verdict-not-bad                 | VERDICT_STEERING      | 0.25 | - | not ~0 $BAD
      verdict-subject-not-bad         | VERDICT_STEERING      | 0.35 | - | domain|domains|file|files|site|website|url|link|email|message|content|document|attachment|program|software|code|sender|ip|host|everything ~2 is|are ~1 not ~0 $BAD
      verdict-report-that             | VERDICT_STEERING      | 0.3  | - | report|classify|label|mark|rate|flag|state|declare ~0 that|only|it|this ~3 $SAFE|$BAD|not
      verdict-report-only             | VERDICT_STEERING      | 0.3  | - | report ~0 only
      verdict-if-questioned           | VERDICT_STEERING      | 0.3  | - | if ~0 questioned|challenged|queried|pressed|audited
      verdict-clearly-safe            | VERDICT_STEERING      | 0.25 | - | clearly|definitely|completely|totally|perfectly|absolutely|certainly|obviously ~0 $SAFE|not
      verdict-everything-safe         | VERDICT_STEERING      | 0.2  | - | everything|all ~2 is|here ~1 $SAFE
      # Tool calls written as words.
      tool-call-token                 | TOOL_CALL_PAYLOAD     | 0.5  | - | tool_call|tool_calls|function_call|function_calls|tool_use|tool_code|tool_name|tool_input
      tool-call-invoke                | TOOL_CALL_PAYLOAD     | 0.3  | - | call|invoke|execute|run|trigger ~3 tool|function|api|endpoint ~0 named|called|with
      # Role markers spelled as one token.
      role-token                      | ROLE_MARKER           | 0.6  | - | system_message|system_prompt|system_instruction|system_instructions|im_start|im_end|start_header_id|end_header_id|eot_id|endoftext
      """;

  record Spec(
      String id,
      InjectionFlag flag,
      double weight,
      String pattern,
      boolean needsTarget,
      boolean proseOnly) {}

  static List<Spec> specs() {
    List<Spec> specs = new ArrayList<>();
    for (String line : RULES.lines().toList()) {
      String trimmed = line.trim();
      if (trimmed.isEmpty() || trimmed.startsWith("#")) {
        continue;
      }
      String[] fields = trimmed.split("\\|", 5);
      if (fields.length != 5) {
        throw new IllegalStateException("bad rule line: " + trimmed);
      }
      specs.add(
          new Spec(
              fields[0].trim(),
              InjectionFlag.valueOf(fields[1].trim()),
              Double.parseDouble(fields[2].trim()),
              fields[4].trim(),
              fields[3].contains("t"),
              fields[3].contains("p")));
    }
    return specs;
  }
}
