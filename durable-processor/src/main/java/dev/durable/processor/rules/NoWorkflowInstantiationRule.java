package dev.durable.processor.rules;

import com.sun.source.tree.Tree;
import dev.durable.processor.CodeContext;
import dev.durable.processor.CodeRule;
import dev.durable.processor.Messages;
import dev.durable.processor.Violation;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.ExecutableElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableNoWorkflowInstantiation}: workflow code creating a {@code @DurableWorkflow} class
 * with {@code new} (or {@code ::new}). The object is not the engine's proxy, so the steps it runs
 * are not recorded: {@code new PaymentWorkflow().pay(order)} charges again on every replay.
 */
final class NoWorkflowInstantiationRule implements CodeRule {
  static final String ID = "DurableNoWorkflowInstantiation";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Creating a @DurableWorkflow class with new inside workflow code";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public Optional<Violation> onCall(Tree call, ExecutableElement callee, CodeContext context) {
    if (callee.getKind() != ElementKind.CONSTRUCTOR
        || !context.model().isWorkflowClass(callee.getEnclosingElement())) {
      return Optional.empty();
    }
    return Optional.of(
        new Violation(
            call, CodeContext.describeCall(call, callee), Messages.WORKFLOW_INSTANTIATION));
  }
}
