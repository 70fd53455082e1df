package corpus;

import dev.durable.Durable;
import dev.durable.annotations.DurableStep;
import dev.durable.annotations.DurableWorkflow;
import dev.durable.annotations.WorkflowMethod;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * DSL interpretation: runs a small workflow definition (sequences, parallel blocks and activity
 * calls reading and writing named variables), handed in as data.
 */
@DurableWorkflow
public class DslInterpreterWorkflow {
  /** A node of the definition. */
  public sealed interface Statement permits Sequence, Parallel, Activity {}

  public record Sequence(List<Statement> statements) implements Statement {}

  public record Parallel(List<Statement> branches) implements Statement {}

  public record Activity(String name, List<String> arguments, String result) implements Statement {}

  public record Definition(Map<String, String> variables, Statement root) {}

  @WorkflowMethod
  public Map<String, String> interpret(Definition definition) {
    Map<String, String> bindings = new LinkedHashMap<>(definition.variables());
    execute(definition.root(), bindings);
    return bindings;
  }

  private void execute(Statement statement, Map<String, String> bindings) {
    if (statement instanceof Sequence sequence) {
      for (Statement inner : sequence.statements()) {
        execute(inner, bindings);
      }
    } else if (statement instanceof Parallel parallel) {
      List<CompletableFuture<Map<String, String>>> branches = new ArrayList<>();
      for (Statement branch : parallel.branches()) {
        Map<String, String> snapshot = new LinkedHashMap<>(bindings);
        branches.add(Durable.async(() -> {
          execute(branch, snapshot);
          return snapshot;
        }));
      }
      for (CompletableFuture<Map<String, String>> branch : branches) {
        bindings.putAll(branch.join());
      }
    } else if (statement instanceof Activity activity) {
      List<String> values = new ArrayList<>();
      for (String argument : activity.arguments()) {
        values.add(bindings.getOrDefault(argument, argument));
      }
      String value = invoke(activity.name(), values);
      if (activity.result() != null) {
        bindings.put(activity.result(), value);
      }
    }
  }

  @DurableStep
  String invoke(String activity, List<String> arguments) {
    return activity + arguments;
  }
}
