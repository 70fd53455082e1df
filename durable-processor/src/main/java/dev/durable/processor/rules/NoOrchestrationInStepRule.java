package dev.durable.processor.rules;

import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoOrchestrationInStep}: a step body (or code it calls) that waits, sends an event
 * or starts a child workflow: {@code Durable.sleep}, {@code sleepUntil}, {@code awaitEvent},
 * {@code sendEvent} and {@code child}. These are what workflow code is for; a step body is not
 * replayed (its result is recorded as a whole), so the wait, the send or the child would not be in
 * the history, and a retry of the step would repeat them. The runtime refuses them there too
 * ({@code Frame.requireOrchestration}), with the same reason; this rule says so at compile time.
 */
final class NoOrchestrationInStepRule implements CodeRule {
  static final String ID = "DurableNoOrchestrationInStep";

  /**
   * The {@code dev.durable.Durable} methods this rule owns (the other rules leave them to it), with
   * what each does and how the message names it again.
   */
  private static final Map<String, List<String>> ORCHESTRATION =
      Map.of(
          "sleep", List.of("waits (a durable timer)", "the wait"),
          "sleepUntil", List.of("waits (a durable timer)", "the wait"),
          "awaitEvent", List.of("waits for an event", "the wait and the event it consumes"),
          "sendEvent", List.of("sends an event", "the send"),
          "child", List.of("starts a child workflow", "the child's start and result"));

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Calling Durable.sleep/sleepUntil/awaitEvent/sendEvent/child from a @DurableStep body";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public Scope scope() {
    return Scope.STEP_BODIES;
  }

  @Override
  public Optional<Violation> onCall(Tree call, ExecutableElement callee, CodeContext context) {
    if (!isOrchestration(callee)) {
      return Optional.empty();
    }
    List<String> words = ORCHESTRATION.get(callee.getSimpleName().toString());
    return Optional.of(
        new Violation(
            call,
            CodeContext.describeCall(call, callee),
            Messages.orchestrationInStep(words.get(0), words.get(1))));
  }

  static boolean isOrchestration(ExecutableElement callee) {
    return isDurable(callee) && ORCHESTRATION.containsKey(callee.getSimpleName().toString());
  }

  static boolean isDurable(ExecutableElement callee) {
    return callee.getEnclosingElement() instanceof TypeElement owner
        && owner.getQualifiedName().contentEquals("dev.durable.Durable");
  }
}
