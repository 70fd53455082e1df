package dev.durable.processor.rules;

import static dev.durable.processor.DurableElements.DURABLE_STEP;
import static dev.durable.processor.DurableElements.DURABLE_WORKFLOW;

import dev.durable.processor.DeclarationRule;
import dev.durable.processor.DurableElements;
import dev.durable.processor.Finding;
import dev.durable.processor.Messages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * {@code DurableStepNameCollision}: two steps of one workflow (its own methods and those of the
 * interfaces and superclasses it inherits) with the same durable name, explicit or derived from
 * the method name, as overloads do. The history identifies a step by name, so the two would share
 * recorded results.
 */
final class StepNameCollisionValidator implements DeclarationRule {
  static final String ID = "DurableStepNameCollision";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "Two steps of one workflow with the same name (explicit or derived, e.g. overloads)";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public List<Finding> check(TypeElement type, DurableElements model) {
    if (!model.isWorkflowClass(type)) {
      return List.of();
    }
    List<Finding> findings = new ArrayList<>();
    Map<String, ExecutableElement> byName = new LinkedHashMap<>();
    for (ExecutableElement step : model.steps(type)) {
      String name = DurableElements.stepName(step);
      ExecutableElement first = byName.putIfAbsent(name, step);
      if (first == null) {
        continue;
      }
      // Point at whichever of the two the workflow class declares: that is where a rename goes.
      // An inherited step may come from a library without source, so otherwise point at the class.
      ExecutableElement here = step.getEnclosingElement().equals(type) ? step : first;
      ExecutableElement other = here == step ? first : step;
      String message =
          Messages.stepNameCollision(
              name, qualified(here), qualified(other), type.getSimpleName().toString());
      findings.add(
          here.getEnclosingElement().equals(type)
              ? Finding.onElement(
                  this, message, here, DurableElements.annotation(here, DURABLE_STEP).orElseThrow())
              : Finding.onElement(
                  this,
                  message,
                  type,
                  DurableElements.annotation(type, DURABLE_WORKFLOW).orElseThrow()));
    }
    return findings;
  }

  private static String qualified(ExecutableElement step) {
    return step.getEnclosingElement().getSimpleName() + "." + DurableElements.signature(step);
  }
}
