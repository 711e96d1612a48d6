package dev.sallyport.gateway.http;

import java.util.Map;

/**
 * Parses the body of {@code POST /v1/sessions/{id}/task}:
 *
 * <pre>
 * {"task": "Pay invoice INV-7 of supplier S-100 (EUR 1,250.00) and confirm to alice@acme.example"}
 * </pre>
 *
 * {@code task} is required, a non-blank string of at most {@link #MAX_TASK_CHARS} characters;
 * unknown fields are refused. Nothing is stored unless the whole body parses.
 */
public final class TaskRequestParser {
  /** The longest task accepted. */
  public static final int MAX_TASK_CHARS = 20_000;

  private final JsonBodies json;

  public TaskRequestParser(JsonBodies json) {
    this.json = json;
  }

  /** The task's text. */
  public String parse(byte[] body) throws MalformedRequestException {
    Map<String, Object> object = json.object(body);
    for (String key : object.keySet()) {
      if (!key.equals("task")) {
        throw new MalformedRequestException(
            "unknown field '" + ActionRequestParser.truncate(key) + "'");
      }
    }
    if (!(object.get("task") instanceof String task)) {
      throw new MalformedRequestException("'task' is required and must be a string");
    }
    if (task.isBlank()) {
      throw new MalformedRequestException("'task' must not be blank");
    }
    if (task.length() > MAX_TASK_CHARS) {
      throw new MalformedRequestException(
          "'task' must be at most " + MAX_TASK_CHARS + " characters");
    }
    return task;
  }
}
