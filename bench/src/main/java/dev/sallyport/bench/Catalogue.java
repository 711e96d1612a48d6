package dev.sallyport.bench;

import dev.sallyport.model.EffectClass;
import java.util.ArrayList;
import java.util.List;

/**
 * The generated tool catalogue: 20 namespaces of 10 tools each. Every namespace has the same mix of
 * verbs, so the effect classes split 30% read, 30% write, 10% destructive, 20% external send and
 * 10% spend, close to what the quickstart and real catalogues show.
 */
final class Catalogue {
  static final List<String> NAMESPACES =
      List.of(
          "invoices",
          "payments",
          "billing",
          "procurement",
          "crm",
          "email",
          "tickets",
          "calendar",
          "directory",
          "vault",
          "repo",
          "deploy",
          "db",
          "storage",
          "chat",
          "docs",
          "hr",
          "analytics",
          "inventory",
          "shipping");

  private static final List<Verb> VERBS =
      List.of(
          new Verb("list", EffectClass.READ),
          new Verb("get", EffectClass.READ),
          new Verb("search", EffectClass.READ),
          new Verb("create", EffectClass.WRITE),
          new Verb("update", EffectClass.WRITE),
          new Verb("archive", EffectClass.WRITE),
          new Verb("delete", EffectClass.DESTRUCTIVE),
          new Verb("send", EffectClass.EXTERNAL_SEND),
          new Verb("share", EffectClass.EXTERNAL_SEND),
          new Verb("purchase", EffectClass.SPEND));

  private final List<ToolSpec> tools;

  Catalogue() {
    List<ToolSpec> list = new ArrayList<>();
    for (String namespace : NAMESPACES) {
      for (Verb verb : VERBS) {
        // 2, 3 or 4 properties, varying from tool to tool and namespace to namespace.
        int properties = ToolSpec.REQUIRED_PROPERTIES + list.size() % 3;
        list.add(
            new ToolSpec(
                namespace + "." + verb.name() + "_" + noun(namespace),
                namespace,
                verb.effect(),
                properties));
      }
    }
    this.tools = List.copyOf(list);
  }

  List<ToolSpec> tools() {
    return tools;
  }

  List<ToolSpec> inNamespace(String namespace) {
    return tools.stream().filter(t -> t.namespace().equals(namespace)).toList();
  }

  List<ToolSpec> withEffect(EffectClass effect) {
    return tools.stream().filter(t -> t.effect() == effect).toList();
  }

  /** {@code invoices} names tools like {@code invoices.get_invoice}. */
  private static String noun(String namespace) {
    return namespace.endsWith("s") ? namespace.substring(0, namespace.length() - 1) : namespace;
  }

  private record Verb(String name, EffectClass effect) {}
}
