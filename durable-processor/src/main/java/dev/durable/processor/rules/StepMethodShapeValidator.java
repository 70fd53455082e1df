package dev.durable.processor.rules;

import static dev.durable.processor.DurableElements.DURABLE_STEP;

import dev.durable.processor.DeclarationRule;
import dev.durable.processor.DurableElements;
import dev.durable.processor.Finding;
import dev.durable.processor.Messages;
import java.util.ArrayList;
import java.util.List;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.util.ElementFilter;
import javax.tools.Diagnostic;

/**
 * {@code DurableStepMethodShape}: a {@code @DurableStep} method must be overridable, because the
 * runtime records steps by overriding them in a generated subclass. Private, static and final
 * methods cannot be overridden, so their calls would silently bypass the journal.
 */
final class StepMethodShapeValidator implements DeclarationRule {
  static final String ID = "DurableStepMethodShape";

  @Override
  public String id() {
    return ID;
  }

  @Override
  public String summary() {
    return "@DurableStep methods that are private, static or final (the proxy cannot intercept them)";
  }

  @Override
  public Diagnostic.Kind severity() {
    return Diagnostic.Kind.ERROR;
  }

  @Override
  public List<Finding> check(TypeElement type, DurableElements model) {
    List<Finding> findings = new ArrayList<>();
    for (ExecutableElement method : ElementFilter.methodsIn(type.getEnclosedElements())) {
      AnnotationMirror step = DurableElements.annotation(method, DURABLE_STEP).orElse(null);
      if (step == null) {
        continue;
      }
      String name = DurableElements.signature(method);
      if (method.getModifiers().contains(Modifier.PRIVATE)) {
        findings.add(problem(method, step, name, "private", "make it package-private, protected or public"));
      }
      if (method.getModifiers().contains(Modifier.STATIC)) {
        findings.add(problem(method, step, name, "static", "make it an instance method"));
      }
      if (method.getModifiers().contains(Modifier.FINAL)) {
        findings.add(problem(method, step, name, "final", "remove the final modifier"));
      }
    }
    return findings;
  }

  private Finding problem(
      ExecutableElement method, AnnotationMirror step, String name, String modifier, String fix) {
    return Finding.onElement(this, Messages.stepModifier(name, modifier, fix), method, step);
  }
}
